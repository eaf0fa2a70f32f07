import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maxTokens, parseTranscriptLine } from '../../src/projects/transcript-line.js';
import { assistantLine, userLine } from '../support/transcript-lines.js';

describe('parseTranscriptLine()', () => {
  it('parseTranscriptLine() reads the usage, model, session and time of an assistant line', () => {
    const line = assistantLine({
      id: 'msg_fake0042',
      model: 'claude-haiku-4-5-20251001',
      usage: {
        input_tokens: 12,
        output_tokens: 340,
        cache_creation_input_tokens: 1200,
        cache_read_input_tokens: 5400,
      },
    });
    assert.deepEqual(parseTranscriptLine(line), {
      kind: 'usage',
      messageId: 'msg_fake0042',
      model: 'claude-haiku-4-5-20251001',
      sessionId: 'sess-fake-1',
      time: Date.parse('2026-03-01T10:00:00.000Z'),
      tokens: { input: 12, output: 340, cache_write_5m: 1200, cache_write_1h: 0, cache_read: 5400 },
    });
  });

  const splits: [string, Record<string, unknown>, number, number][] = [
    [
      'the 5m/1h split',
      { ephemeral_5m_input_tokens: 300, ephemeral_1h_input_tokens: 900 },
      300,
      900,
    ],
    ['no split: all 5-minute', {}, 1200, 0],
    [
      'a split short of the flat count: the rest 5-minute',
      { ephemeral_1h_input_tokens: 1000 },
      200,
      1000,
    ],
  ];
  for (const [what, split, fiveMinutes, oneHour] of splits) {
    it(`parseTranscriptLine() reads cache writes with ${what}`, () => {
      const usage = { cache_creation_input_tokens: 1200, cache_creation: split };
      const parsed = parseTranscriptLine(assistantLine({ usage }));
      assert.equal(parsed.kind, 'usage');
      if (parsed.kind !== 'usage') return;
      assert.deepEqual(
        [parsed.tokens.cache_write_5m, parsed.tokens.cache_write_1h],
        [fiveMinutes, oneHour],
      );
    });
  }

  it('parseTranscriptLine() counts a sidechain (sub-agent) turn like any other', () => {
    const parsed = parseTranscriptLine(assistantLine({ sidechain: true }));
    assert.equal(parsed.kind, 'usage');
  });

  const cases: [string, string, string][] = [
    ['a user line', userLine(), 'other'],
    ['a summary line', JSON.stringify({ type: 'summary', summary: 'x' }), 'other'],
    ['an empty line', '   ', 'blank'],
    ['garbled JSON', '{"type":"assistant",', 'skipped'],
    ['a JSON array', '[1,2]', 'skipped'],
    ['a JSON string', '"assistant"', 'skipped'],
    ['null', 'null', 'skipped'],
    ['an assistant line without message', '{"type":"assistant"}', 'skipped'],
    [
      'an assistant line without usage',
      '{"type":"assistant","message":{"id":"msg_fake1","model":"claude-sonnet-4"}}',
      'skipped',
    ],
    ['binary bytes', '\u0000\ufffd\ufffd\u0001PK\u0003\u0004', 'skipped'],
    ['a synthetic turn', assistantLine({ model: '<synthetic>' }), 'synthetic'],
  ];
  for (const [what, line, kind] of cases) {
    it(`parseTranscriptLine() sorts ${what} as ${kind}`, () => {
      assert.equal(parseTranscriptLine(line).kind, kind);
    });
  }

  it('parseTranscriptLine() reads missing or nonsensical counts as 0', () => {
    const line = assistantLine({
      usage: { output_tokens: 7, input_tokens: -3, cache_read_input_tokens: '9', extra: 1 },
    });
    const parsed = parseTranscriptLine(line);
    assert.equal(parsed.kind, 'usage');
    if (parsed.kind !== 'usage') return;
    assert.deepEqual(parsed.tokens, {
      input: 0,
      output: 7,
      cache_write_5m: 0,
      cache_write_1h: 0,
      cache_read: 0,
    });
  });

  it('parseTranscriptLine() names an absent model `unknown` and keeps an id-less turn', () => {
    const parsed = parseTranscriptLine(
      JSON.stringify({ type: 'assistant', message: { usage: { input_tokens: 1 } } }),
    );
    assert.equal(parsed.kind, 'usage');
    if (parsed.kind !== 'usage') return;
    assert.equal(parsed.model, 'unknown');
    assert.equal(parsed.messageId, null);
    assert.equal(parsed.sessionId, null);
    assert.equal(parsed.time, null);
  });
});

describe('maxTokens()', () => {
  it('maxTokens() keeps the largest count of each field', () => {
    const a = { input: 5, output: 1, cache_write_5m: 0, cache_write_1h: 7, cache_read: 9 };
    const b = { input: 5, output: 40, cache_write_5m: 2, cache_write_1h: 3, cache_read: 1 };
    assert.deepEqual(maxTokens(a, b), {
      input: 5,
      output: 40,
      cache_write_5m: 2,
      cache_write_1h: 7,
      cache_read: 9,
    });
  });
});
