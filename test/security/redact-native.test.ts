// The native redaction engine (native/) must return exactly what the JS engine and the
// plain reference (test/support/redact-reference.ts) return, for generated lines and for the
// bad input of issue #6 (garbage, invalid UTF-16, huge and unterminated sequences), must take
// every input up to 1 Mi code units (declining one proves nothing), and must never crash.
// Code units one by one: redact-native-units.test.ts; rule edges: redact-native-rules.test.ts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { redactText } from '../../src/security/redact.js';
import { fill } from '../support/fake-secrets.js';
import {
  loadNativeRedact,
  MUST_ACCEPT_LENGTH,
  nativeMismatch,
  nativeMismatchBothKinds,
  nativeMismatches,
} from '../support/native-redact.js';
import { codeUnitsArb, hostileLineArb } from '../support/redact-arbitraries.js';
import { BENIGN_LINES, benignRedaction } from '../support/redact-cases.js';
import { referenceRedact } from '../support/redact-reference.js';
import { nodeArgsFor } from '../support/ts-child.js';

const ESC = '\x1b';
const ID = 'session_01FAKEFAKE';
const KEY = `sk-${fill('FAKE0123456789abcdef', 24)}`;
const CHILD = nodeArgsFor(new URL('../support/native-redact-child.ts', import.meta.url));

/** `count` UTF-16 code units from a fixed xorshift sequence, each below `range`. */
function garbage(count: number, range: number, seed = 0x9e3779b9): string {
  let state = seed;
  const units = new Uint16Array(count);
  for (let i = 0; i < count; i += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    units[i] = (state >>> 0) % range;
  }
  let out = '';
  for (let i = 0; i < count; i += 8192) {
    out += String.fromCharCode(...units.subarray(i, i + 8192));
  }
  return out;
}

function assertSameAsReference(cases: ReadonlyArray<readonly [string, string]>): void {
  assert.deepEqual(nativeMismatches(cases, referenceRedact), { count: 0, first: [] });
}

describe('native redact() against the reference', () => {
  it('native redact() equals the reference and redactText() for generated lines', () => {
    fc.assert(
      fc.property(hostileLineArb(14), (line) => {
        const expected = referenceRedact(line);
        assert.equal(redactText(line), expected, JSON.stringify(line));
        assert.equal(nativeMismatch(line, expected), undefined);
      }),
      { numRuns: 3000 },
    );
  });

  it('native redact() answers a line alike whether V8 holds it as one byte or two per character', () => {
    // The engine reads one-byte strings as Latin-1 bytes and the rest as UTF-16 units: the
    // same text, held both ways (a slice of a two-byte string stays two-byte), must agree.
    fc.assert(
      fc.property(hostileLineArb(14), (line) => {
        assert.equal(nativeMismatchBothKinds(line, referenceRedact(line)), undefined);
      }),
      { numRuns: 3000 },
    );
  });

  it('native redact() equals the reference for long generated lines', () => {
    fc.assert(
      fc.property(hostileLineArb(600, 200), (line) => {
        assert.equal(nativeMismatch(line, referenceRedact(line)), undefined);
      }),
      { numRuns: 100 },
    );
  });

  it('native redact() keeps no state between calls (repeated and interleaved lines)', () => {
    fc.assert(
      fc.property(fc.array(hostileLineArb(10), { minLength: 1, maxLength: 6 }), (lines) => {
        const expected = lines.map((line) => referenceRedact(line));
        for (let round = 0; round < 3; round += 1) {
          for (const [i, line] of lines.entries()) {
            assert.equal(nativeMismatch(line, expected[i] ?? ''), undefined);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('native redact() never throws and equals the reference for any UTF-16 code units', () => {
    fc.assert(
      fc.property(fc.array(codeUnitsArb, { maxLength: 12 }), (parts) => {
        const line = parts.join('');
        assert.equal(nativeMismatch(line, referenceRedact(line)), undefined);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('native redact() on bad input', () => {
  it('native redact() equals the reference on binary garbage', () => {
    const cases: Array<[string, string]> = [
      ['64 KiB of bytes as Latin-1', garbage(65_536, 0x100)],
      ['64 KiB of ASCII bytes', garbage(65_536, 0x80, 7)],
      ['bytes decoded as UTF-8', Buffer.from(garbage(65_536, 0x100, 11), 'latin1').toString()],
      ['64 KiB of any code units', garbage(65_536, 0x10000, 13)],
      ['1 MiB of any code units', garbage(1 << 20, 0x10000, 17)],
    ];
    assertSameAsReference(cases);
  });

  it('native redact() equals the reference on invalid UTF-16', () => {
    assertSameAsReference([
      ['lone high surrogate at the end', `${ID}\ud800`],
      ['lone low surrogate at the start', `\udc00${ID}`],
      ['reversed pair', `a\udc00\ud800b ${KEY}`],
      ['high, high, low', `${ID.slice(0, 6)}\ud800\ud800\udc00${ID.slice(6)}`],
      ['pair, lone low', `a\ud83d\ude00\ude00session_01FAKEFAKE`],
      ['only lone surrogates', '\ud800\udbff\udc00\udfff'.repeat(16_384)],
      ['alternating high and letter', 'a\ud800'.repeat(32_768)],
    ]);
  });

  it('native redact() equals redactText() on 10 MB lines and takes their first 1 Mi', () => {
    const lines: Array<[string, string]> = [
      ['plain', 'x'.repeat(10_000_000)],
      ['rule anchors', 'a:1-x_b'.repeat(1_500_000)],
      ['ids', `${ID} `.repeat(520_000)],
      ['one key at the end', `${'y'.repeat(10_000_000)} ${KEY}`],
      ['colour', `${ESC}[1;31m${ID}${ESC}[0m `.repeat(300_000)],
    ];
    // Above MUST_ACCEPT_LENGTH the engine may decline; up to it, it may not.
    const heads = lines.map(([name, line]): [string, string] => [
      `${name}, first 1 Mi`,
      line.slice(0, MUST_ACCEPT_LENGTH),
    ]);
    assert.deepEqual(nativeMismatches([...lines, ...heads], redactText), { count: 0, first: [] });
  });

  it('native redact() equals the reference on escape sequences that never terminate', () => {
    const long = 'x'.repeat(65_536);
    assertSameAsReference([
      ['CSI parameters', `a ${ID} ${ESC}[${'1;'.repeat(40_000)}`],
      ['CSI intermediates', `${ESC}[1${' '.repeat(65_536)}${ID}`],
      ['ESC intermediates', `${ESC}${'('.repeat(65_536)}${ID}`],
      ['OSC to the end', `${ID} ${ESC}]8;;${long}${ID}`],
      ['OSC stopped by LF', `${ESC}]8;;${long}\n${ID}`],
      ['DCS to the end', `${ESC}P${long} ${KEY}`],
      ['8-bit OSC to the end', `\x9d${long}${KEY}`],
      ['8-bit CSI parameters', `\x9b${'0'.repeat(65_536)}${ID}`],
      ['ESC at the very end', `${ID}${ESC}`],
      ['CSI introducer at the very end', `${ID}${ESC}[`],
    ]);
  });

  it('native redact() equals the reference on an OSC with a 1 MB payload', () => {
    const payload = `https://example.invalid/${ID}/${'p'.repeat(1_000_000)}`;
    assertSameAsReference([
      ['ended by BEL', `a ${ESC}]8;;${payload}\x07${KEY} b`],
      ['ended by ST', `a ${ESC}]8;;${payload}${ESC}\\${KEY} b`],
      ['ended by 8-bit ST', `a\x9d8;;${payload}\x9c${ID}`],
      ['unterminated', `a ${ESC}]8;;${payload}`],
    ]);
  });

  it('native redact() equals the reference on lines of ESCs and of NULs', () => {
    const cases: Array<[string, string]> = [];
    for (const size of [1, 2, 3, 4_095, 4_096, 65_536, 1 << 20]) {
      cases.push([`${size} ESCs`, ESC.repeat(size)]);
      cases.push([`${size} NULs`, '\0'.repeat(size)]);
    }
    cases.push(['ESC ESC [ pairs', `${ESC}${ESC}[`.repeat(30_000)]);
    cases.push(['NULs inside an id', ID.split('').join('\0')]);
    cases.push(['NULs around a key', `\0${KEY}\0`.repeat(1_000)]);
    assertSameAsReference(cases);
  });

  it('native redact() equals the reference for tokens across buffer-size boundaries', () => {
    const tokens = [ID, KEY, '3f0c2a9e-6b1d-4c8e-9f7a-1d2e3f4a5b6c', `w${ESC}[0menv_01FAKEFAKE`];
    const cases: Array<[string, string]> = [];
    for (const boundary of [256, 1_024, 4_096, 16_384, 65_536]) {
      for (const filler of [' ', 'é', '日', '😀', `${ESC}[0m`, '\u200b']) {
        const size = { units: filler.length, bytes: Buffer.byteLength(filler) };
        for (const [unit, per] of Object.entries(size)) {
          for (const shift of [-12, -5, -1, 0, 1]) {
            // The token starts `shift` past the boundary, counted in UTF-16 units or in UTF-8 bytes.
            const count = Math.floor((boundary + shift) / per);
            const head = filler.repeat(count) + ' '.repeat(boundary + shift - count * per);
            for (const token of tokens) {
              cases.push([
                `${JSON.stringify(filler)} to ${unit} ${boundary + shift}`,
                head + token,
              ]);
            }
          }
        }
      }
    }
    assertSameAsReference(cases);
  });
});

describe('native redact() results', () => {
  it('native redact() returns equal content for lines with nothing to change', () => {
    const lines = ['', 'a', 'plain ascii', ...BENIGN_LINES.filter((l) => benignRedaction(l) === l)];
    for (const line of lines) assert.equal(nativeMismatch(line, line), undefined);
  });

  it('native redact() throws a TypeError for any argument that is not a string', () => {
    loadNativeRedact(); // a missing module fails here, with how to build it
    const child = spawnSync(process.execPath, CHILD, { encoding: 'utf8', timeout: 60_000 });
    assert.equal(child.signal, null, `the engine crashed the process: ${child.stderr}`);
    assert.equal(child.status, 0, child.stderr);
    const outcomes = child.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { label: string; outcome: string });
    const wrong = outcomes.filter(({ label, outcome }) =>
      label === 'a string afterwards'
        ? outcome !== `returned "session_<redacted>"`
        : outcome !== 'TypeError',
    );
    assert.deepEqual(wrong, []);
    assert.equal(outcomes.length, 15);
  });
});
