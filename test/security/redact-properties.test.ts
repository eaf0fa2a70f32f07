// Property tests of redactText() (fast-check): generated secrets of every shape, with escape
// sequences and invisible characters inserted anywhere, never come out; benign generated
// lines come out byte-identical; redaction is idempotent and bounded in length.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { stripText } from '../../src/security/control-strip.js';
import { redactText } from '../../src/security/redact.js';
import { leakedPiece } from '../support/fake-secrets.js';

const ESC = '\x1b';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdefABCDEF';
const B64URL = `${ALNUM}_-`;

function chars(alphabet: string, min: number, max: number): fc.Arbitrary<string> {
  return fc
    .array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max })
    .map((a) => a.join(''));
}

function anyCase(word: string): fc.Arbitrary<string> {
  return fc
    .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
    .map((flags) => [...word].map((ch, i) => (flags[i] ? ch.toUpperCase() : ch)).join(''));
}

interface Generated {
  text: string;
  hidden: string;
}

const prefixed = (prefix: fc.Arbitrary<string>, body: fc.Arbitrary<string>) =>
  fc.tuple(prefix, body).map(([p, b]): Generated => ({ text: p + b, hidden: b }));
const whole = (text: fc.Arbitrary<string>) => text.map((t): Generated => ({ text: t, hidden: t }));

const uuid = fc
  .tuple(chars(HEX, 8, 8), chars(HEX, 4, 4), chars(HEX, 4, 4), chars(HEX, 4, 4), chars(HEX, 12, 12))
  .map((parts) => parts.join('-'));
const separator = fc.constantFrom(': ', ':', ' : ', '=', '": "', '\\":\\"', "': '", ':   ');

const secretArb: fc.Arbitrary<Generated> = fc.oneof(
  prefixed(fc.constantFrom('env_', 'session_', 'cse_'), chars(ALNUM, 6, 30)),
  whole(uuid),
  prefixed(fc.constantFrom('ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'), chars(ALNUM, 36, 60)),
  prefixed(fc.constant('github_pat_'), chars(`${ALNUM}_`, 82, 82)),
  prefixed(fc.constant('glpat-'), chars(B64URL, 20, 24)),
  whole(
    fc
      .tuple(
        fc.constantFrom('AKIA', 'ASIA', 'ABIA', 'ACCA'),
        chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, 16),
      )
      .map(([p, b]) => p + b),
  ),
  prefixed(fc.constantFrom('sk-', 'sk-ant-api03-', 'sk-proj-'), chars(B64URL, 20, 100)),
  prefixed(
    fc.constantFrom('xoxa-', 'xoxb-', 'xoxe-', 'xoxp-', 'xoxr-', 'xoxs-'),
    chars(`${ALNUM}-`, 10, 50),
  ),
  prefixed(fc.constant('clauster_pat_'), chars(B64URL, 32, 64)),
  whole(
    fc
      .tuple(chars(B64URL, 10, 40), chars(B64URL, 10, 40), chars(B64URL, 10, 40))
      .map(([h, p, s]) => `eyJ${h}.eyJ${p}.${s}`),
  ),
  prefixed(
    fc
      .tuple(
        anyCase('authorization'),
        separator,
        fc.constantFrom('', 'Bearer ', 'basic ', 'BEARER   '),
      )
      .map(([k, sep, scheme]) => k + sep + scheme),
    chars(`${ALNUM}._~+/-`, 8, 40),
  ),
  prefixed(
    fc.tuple(chars(ALNUM, 1, 12)).map(([user]) => `https://${user}:`),
    chars(`${ALNUM}._~!$*+,;=-`, 8, 30),
  ).map((g) => ({ text: `${g.text}@example.invalid/repo.git`, hidden: g.hidden })),
  prefixed(
    anyCase('bearer ').map((b) => b),
    chars(`${ALNUM}._~+/-`, 8, 40),
  ),
  prefixed(
    fc
      .tuple(
        fc.constantFrom('', 'ACCESS_', 'client_', 'x-'),
        fc.constantFrom(
          'token',
          'secret',
          'password',
          'passwd',
          'api_key',
          'apikey',
          'access-key',
          'private_key',
        ),
        separator,
      )
      .chain(([pre, key, sep]) => anyCase(pre + key).map((k) => k + sep)),
    chars(`${ALNUM}._~+/!$%*-`, 8, 40),
  ),
);

const noiseArb = fc.constantFrom(
  `${ESC}[0m`,
  `${ESC}[1;31m`,
  `${ESC}[38;2;10;20;30m`,
  `${ESC}[2K`,
  `${ESC}[3A${ESC}[J`,
  `${ESC}]8;;https://example.invalid/session_01FAKEFAKEFAKE\x07`,
  `${ESC}]8;;${ESC}\\`,
  `${ESC}]0;title\x9c`,
  `${ESC}P1$r0m${ESC}\\`,
  `${ESC}_apc${ESC}\\`,
  `${ESC}7`,
  `${ESC}(B`,
  '\x9b1m',
  '\x00',
  '\x07',
  '\x08',
  '\x7f',
  '\x85',
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u00ad',
  '\u202e',
  '\u2066',
  '\ufe0f',
  String.fromCodePoint(0xe0041),
  String.fromCodePoint(0xe0100),
);

const insertionsArb = fc.array(fc.tuple(fc.nat(), noiseArb), { maxLength: 6 });

// Inserts whole sequences at positions of the original text (several may share a position);
// a sequence is never cut in two, as a terminal stream never does either.
function insertNoise(text: string, insertions: ReadonlyArray<readonly [number, string]>): string {
  const at = new Map<number, string>();
  for (const [position, noise] of insertions) {
    const index = position % (text.length + 1);
    at.set(index, (at.get(index) ?? '') + noise);
  }
  let out = '';
  for (let i = 0; i <= text.length; i += 1) out += (at.get(i) ?? '') + (text[i] ?? '');
  return out;
}

const benignWordArb = fc.constantFrom(
  '/home/u/proj/src/app.ts',
  '4f2c0e1b9a8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b',
  '4f2c0e1',
  'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  '2.1.197',
  'v1.19.19-beta.1',
  '2026-07-01T10:00:00.410Z',
  '[14:03:12]',
  '[DEBUG]',
  '[bridge:api]',
  'environment',
  'environments',
  'sessions',
  'session_name',
  'env_var',
  'task-runner',
  'max_tokens=4096',
  'spawnMode=same-dir',
  '->',
  '200',
  '(no work, 1 consecutive empty polls)',
  'https://github.com/acme/proj',
  'git@github.com:acme/proj.git',
  '·✔·',
  'Connected',
  'café',
  '日本語',
  '😀',
);
const benignSepArb = fc.constantFrom(' ', ' ', ', ', ' · ', '\t', ' | ');
const benignLineArb = fc
  .array(fc.tuple(benignWordArb, benignSepArb), { minLength: 1, maxLength: 12 })
  .map((parts) => parts.map(([w, s]) => w + s).join(''));

describe('redactText() properties', () => {
  it('redactText() never lets a generated secret through, whatever is inserted into it', () => {
    fc.assert(
      fc.property(
        benignLineArb,
        // Separators, also written out as escapes (JSON `\n`, `\u0022`, URL `%3D`).
        fc.constantFrom(
          ' ',
          '(',
          '"',
          ', ',
          '\t',
          '>',
          '\\n',
          '\\t',
          '\\u0022',
          '\\x3d',
          '%3D',
          '%252F',
          '\\u001b[1m',
          '\\e[0m',
          '%20',
        ),
        secretArb,
        insertionsArb,
        fc.constantFrom(' ', ')', '"', ',', '\t', ''),
        benignLineArb,
        (before, open, secret, insertions, close, after) => {
          const line = `${before}${open}${insertNoise(secret.text, insertions)}${close} ${after}`;
          const output = redactText(line);
          assert.equal(
            leakedPiece(secret.hidden, output),
            undefined,
            JSON.stringify({ line, output }),
          );
          assert.equal(stripText(output), output, 'output still holds a control or invisible');
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('redactText() leaves generated benign lines byte-identical', () => {
    fc.assert(
      fc.property(benignLineArb, (line) => {
        assert.equal(redactText(line), line);
      }),
      { numRuns: 500 },
    );
  });

  const anyTextArb = fc
    .array(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 20 }),
        noiseArb,
        secretArb.map((s) => s.text),
        benignWordArb,
      ),
      { maxLength: 10 },
    )
    .map((parts) => parts.join(''));

  it('redactText() is idempotent', () => {
    fc.assert(
      fc.property(anyTextArb, (text) => {
        const once = redactText(text);
        assert.equal(redactText(once), once);
      }),
      { numRuns: 1000 },
    );
  });

  it('redactText() grows the text by at most 9 characters per mask and never otherwise', () => {
    fc.assert(
      fc.property(anyTextArb, (text) => {
        const output = redactText(text);
        const masks = output.split('<redacted>').length - 1;
        assert.ok(output.length <= text.length + 9 * masks, JSON.stringify({ text, output }));
      }),
      { numRuns: 1000 },
    );
  });
});
