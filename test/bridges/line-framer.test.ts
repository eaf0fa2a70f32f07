import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  createLineFramer,
  MAX_LINE_LENGTH,
  TRUNCATION_MARKER,
  truncateLine,
} from '../../src/bridges/line-framer.js';
import { redactText } from '../../src/security/redact.js';

function frameAll(chunks: Array<Uint8Array | string>): string[] {
  const framer = createLineFramer();
  const lines = chunks.flatMap((chunk) => framer.push(chunk));
  return [...lines, ...framer.end()];
}

function splitBytes(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let last = 0;
  for (const p of points) {
    parts.push(bytes.subarray(last, p));
    last = p;
  }
  parts.push(bytes.subarray(last));
  return parts;
}

describe('createLineFramer()', () => {
  it('createLineFramer() splits on LF, CRLF and a lone CR', () => {
    assert.deepEqual(frameAll(['a\nb\r\nc\rd\n']), ['a', 'b', 'c', 'd']);
  });

  it('createLineFramer() keeps a CRLF split across two chunks as one break', () => {
    assert.deepEqual(frameAll(['a\r', '\nb\n']), ['a', 'b']);
  });

  it('createLineFramer() holds a partial line until its terminator or end()', () => {
    const framer = createLineFramer();
    assert.deepEqual(framer.push('abc'), []);
    assert.equal(framer.hasPartial(), true);
    assert.deepEqual(framer.push('def\nxy'), ['abcdef']);
    assert.deepEqual(framer.end(), ['xy']);
    assert.equal(framer.hasPartial(), false);
  });

  it('createLineFramer() decodes a UTF-8 character split across chunks', () => {
    const bytes = Buffer.from('·✔︎· Connected 😀\n');
    for (let cut = 1; cut < bytes.length; cut += 1) {
      assert.deepEqual(frameAll([bytes.subarray(0, cut), bytes.subarray(cut)]), [
        '·✔︎· Connected 😀',
      ]);
    }
  });

  it('createLineFramer() turns invalid UTF-8 into U+FFFD without losing the line', () => {
    assert.deepEqual(frameAll([Buffer.from([0x61, 0xff, 0xc3, 0x0a, 0x62, 0x0a])]), [
      'a\ufffd\ufffd',
      'b',
    ]);
  });

  it('createLineFramer() keeps a secret split across two writes whole, so it is masked', () => {
    const line = 'sdkUrl=wss://api.invalid/v1/session_ingress/ws/session_01FakeAbCdEfGhJkLmNpQ\n';
    const bytes = Buffer.from(line);
    for (let cut = 1; cut < bytes.length; cut += 1) {
      const lines = frameAll([bytes.subarray(0, cut), bytes.subarray(cut)]).map(redactText);
      assert.deepEqual(lines, [
        'sdkUrl=wss://api.invalid/v1/session_<redacted>/ws/session_<redacted>',
      ]);
    }
  });

  it('createLineFramer() frames any chunking of random bytes like one single chunk', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (bytes, cuts) => {
          assert.deepEqual(frameAll(splitBytes(bytes, cuts)), frameAll([bytes]));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('createLineFramer() cuts a 10 MB line at 64 KiB with a marker and keeps the next line', () => {
    const framer = createLineFramer();
    const block = Buffer.alloc(64 * 1024, 'word ');
    const lines: string[] = [];
    for (let i = 0; i < 160; i += 1) lines.push(...framer.push(block));
    lines.push(...framer.push('\nnext line\n'), ...framer.end());
    assert.equal(lines.length, 2);
    assert.ok(lines[0]?.endsWith(TRUNCATION_MARKER));
    assert.ok((lines[0]?.length ?? 0) <= MAX_LINE_LENGTH + TRUNCATION_MARKER.length);
    assert.equal(lines[1], 'next line');
  });

  it('createLineFramer() survives binary garbage and unterminated escapes', () => {
    const garbage = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 131 + 7) % 256));
    const lines = frameAll([
      garbage,
      Buffer.from('\x1b]8;;https://x.invalid/session_01FakeAbCdEfGh\nok\n'),
    ]);
    const redacted = lines.map(redactText);
    assert.equal(redacted.at(-1), 'ok');
    assert.equal(redacted.join('\n').includes('01FakeAbCdEfGh'), false);
  });
});

describe('truncateLine()', () => {
  it('truncateLine() cuts at the last whitespace so a token near the cap is dropped whole', () => {
    const token = `ghp_${'F'.repeat(36)}`;
    const text = `${'a '.repeat(40)}${token}`;
    assert.equal(truncateLine(text, 90), `${'a '.repeat(39)}a${TRUNCATION_MARKER}`);
  });

  it('truncateLine() drops the tail of a cap-long token without whitespace', () => {
    const out = truncateLine('x'.repeat(10_000), 5000);
    assert.equal(out, `${'x'.repeat(5000 - 256)}${TRUNCATION_MARKER}`);
  });
});
