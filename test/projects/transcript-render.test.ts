import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CUT_MARKER,
  MAX_INPUT_PREVIEW,
  MAX_TURN_TEXT,
  renderTranscriptLine,
  type Turn,
} from '../../src/projects/transcript-render.js';
import { buildFakeSecrets } from '../support/fake-secrets.js';

const AT = '2026-03-01T10:00:00.000Z';

function line(type: string, content: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ type, timestamp: AT, message: { role: type, content }, ...extra });
}

function turnsOf(text: string): Turn[] {
  const rendered = renderTranscriptLine(text);
  assert.equal(rendered.kind, 'turns');
  return rendered.kind === 'turns' ? rendered.turns : [];
}

describe('renderTranscriptLine()', () => {
  it('renderTranscriptLine() renders a user line with string content', () => {
    assert.deepEqual(turnsOf(line('user', 'hello there')), [
      { role: 'user', at: AT, text: 'hello there' },
    ]);
  });

  it('renderTranscriptLine() renders text, tool_use and tool_result blocks and drops thinking', () => {
    const assistant = turnsOf(
      line('assistant', [
        { type: 'thinking', thinking: 'private musing' },
        { type: 'text', text: 'Reading it.' },
        { type: 'tool_use', id: 'toolu_fake1', name: 'Read', input: { file_path: '/tmp/a' } },
        { type: 'mystery_block', text: 'never shown' },
      ]),
    );
    assert.deepEqual(assistant, [
      { role: 'assistant', at: AT, text: 'Reading it.' },
      {
        role: 'assistant',
        at: AT,
        text: '',
        tool: { name: 'Read', input_preview: '{"file_path":"/tmp/a"}' },
      },
    ]);
    assert.ok(!JSON.stringify(assistant).includes('musing'));
    const user = turnsOf(
      line('user', [
        { type: 'tool_result', tool_use_id: 'toolu_fake1', content: 'file body' },
        {
          type: 'tool_result',
          tool_use_id: 'toolu_fake2',
          is_error: true,
          content: [{ type: 'text', text: 'boom' }, { type: 'image' }],
        },
      ]),
    );
    assert.deepEqual(user, [
      { role: 'tool', at: AT, text: 'file body' },
      { role: 'tool', at: AT, text: 'boom\n[image]', is_error: true },
    ]);
  });

  it('renderTranscriptLine() renders a summary line', () => {
    const rendered = renderTranscriptLine(JSON.stringify({ type: 'summary', summary: 'Fix CI' }));
    assert.deepEqual(rendered, {
      kind: 'turns',
      turns: [{ role: 'summary', at: null, text: 'Fix CI' }],
      sidechain: false,
      at: null,
    });
  });

  it('renderTranscriptLine() marks sidechain lines and passes other line types over', () => {
    const side = renderTranscriptLine(line('assistant', 'sub', { isSidechain: true }));
    assert.equal(side.kind === 'turns' && side.sidechain, true);
    assert.deepEqual(renderTranscriptLine(JSON.stringify({ type: 'system', content: 'x' })), {
      kind: 'other',
    });
    assert.deepEqual(renderTranscriptLine('  '), { kind: 'blank' });
  });

  it('renderTranscriptLine() skips garbled lines and messages without content', () => {
    for (const text of ['{"type":', 'not json', '[]', '42', line('user', 7)]) {
      assert.deepEqual(renderTranscriptLine(text), { kind: 'skipped' }, text);
    }
    assert.deepEqual(renderTranscriptLine(JSON.stringify({ type: 'user' })), { kind: 'skipped' });
  });

  it('renderTranscriptLine() redacts user text, tool input, tool results and the timestamp', () => {
    for (const secret of buildFakeSecrets()) {
      const text = [
        line('user', `my key is ${secret.text} ok`, { timestamp: secret.text }),
        line('assistant', [{ type: 'tool_use', name: 'Bash', input: { command: secret.text } }]),
        line('user', [{ type: 'tool_result', tool_use_id: 't', content: `out ${secret.text}` }]),
      ];
      const rendered = JSON.stringify(text.map((one) => renderTranscriptLine(one)));
      assert.ok(!rendered.includes(secret.hidden), `${secret.shape} leaked`);
      assert.ok(rendered.includes('<redacted>'), secret.shape);
    }
  });

  it('renderTranscriptLine() cuts long text and long tool input with a marker', () => {
    const [turn] = turnsOf(line('assistant', [{ type: 'text', text: 'a'.repeat(10_000) }]));
    assert.equal(turn?.text, `${'a'.repeat(MAX_TURN_TEXT)}${CUT_MARKER}`);
    const [call] = turnsOf(
      line('assistant', [
        { type: 'tool_use', name: 'Write', input: { content: 'b'.repeat(9000) } },
      ]),
    );
    assert.equal(call?.tool?.input_preview.length, MAX_INPUT_PREVIEW + CUT_MARKER.length);
    assert.ok(call?.tool?.input_preview.endsWith(CUT_MARKER));
  });
});
