/**
 * showText(): no part of a secret survives, whatever controls, invisible characters or JSON
 * escapes surround or split it — also after the central redactText() of an error message.
 * All tokens are fake.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stripControls } from '../../src/security/control-strip.js';
import { redactText } from '../../src/security/redact.js';
import { showText, showTextCut } from '../../src/security/show-text.js';
import { leakedPiece } from '../support/fake-secrets.js';

// [shape, public prefix that may stay, the secret part]
const TOKENS: Array<[string, string, string]> = [
  ['ghp_', 'ghp_', 'Q7wE9rT2yU4iO6pA8sD1fG3hJ5kL0zX2cV4b'],
  ['sk-ant-', 'sk-', 'ant-api03-Zx8Cv7Bn6Mq5Wd4Fr3Gt2Hy1Ju9Ki8Lo7Pa6Sd5'],
  ['clauster_pat_', 'clauster_pat_', 'Fk3Jd8Ls2Qw7Ep4Rt9Yu1Io6Pz5Xc0Vb'],
  ['session_', 'session_', '01NmK8jH7gF6dS5aQ4wE3rT2yU'],
  ['env_', 'env_', '01PlM9nB8vC7xZ6aS5dF4gH3jK'],
  ['JWT', '', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmYWtlIn0.Zm9vYmFyYmF6cXV4ZmFrZQ'],
];

// One character each: C0 (with tab, LF, ESC), DEL, C1 (control string introducers and ST
// included), zero-width, soft hyphen, BOM, bidi, an astral tag character, a lone surrogate.
const SINGLE = [
  '\x00',
  '\x07',
  '\t',
  '\n',
  '\x1b',
  '\x7f',
  '\x85',
  '\x90',
  '\x9b',
  '\x9c',
  '\x9d',
  '\x9e',
  '\x9f',
  '\u00ad',
  '\u200b',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u202e',
  '\u2066',
  '\u{E0041}',
  '\ud800',
];
// Whole sequences, only around a token (inside one, their payload is not part of it).
const SEQUENCES = ['\x1b[31m', '\x1b]8;;', '\x1b]0;title\x07', '\x9b1m', '\x1bP'];

function inputsFor(prefix: string, secret: string): string[] {
  const token = prefix + secret;
  const inputs: string[] = [];
  const cutsAt = [1, prefix.length + 1, prefix.length + 8, token.length - 2];
  for (const ch of SINGLE) {
    for (const lead of ['', 'name ', 'x']) inputs.push(`${lead}${ch}${token}`);
    inputs.push(`${token}${ch}`, `${ch}${token}${ch}`, `${ch}${ch}${token}`);
    for (const at of cutsAt) inputs.push(`${token.slice(0, at)}${ch}${token.slice(at)}`);
    inputs.push(`${token.slice(0, 3)}${ch}${token.slice(3, 12)}${ch}${token.slice(12)}`);
  }
  for (const seq of SEQUENCES) inputs.push(`${seq}${token}`, `x${seq}${token}`, `${token}${seq}`);
  return inputs;
}

describe('showText() and secrets', () => {
  for (const [shape, prefix, secret] of TOKENS) {
    it(`showText() shows no piece of a ${shape} token, raw or as JSON, around or inside controls`, () => {
      for (const input of inputsFor(prefix, secret)) {
        for (const text of [input, JSON.stringify(input)]) {
          const shown = showText(text);
          const piece = leakedPiece(secret, shown) ?? leakedPiece(secret, redactText(shown));
          assert.equal(piece, undefined, `${JSON.stringify(text)} → ${JSON.stringify(shown)}`);
          assert.ok(shown.includes('<redacted>'), JSON.stringify(text));
          assert.deepEqual(stripControls(shown).cuts, [], JSON.stringify(text));
        }
      }
      assert.ok(showText(`"\u009d${prefix}${secret}"`).includes(`${prefix}<redacted>`));
    });
  }

  it('showText() escapes the characters it keeps, next to a masked token', () => {
    const token = `ghp_${TOKENS[0]?.[2]}`;
    assert.equal(showText(`"\u009d${token}"`), '"\\u009dghp_<redacted>"');
    assert.equal(showText(`"a\u202e${token}\u200b"`), '"a\\u202eghp_<redacted>\\u200b"');
    assert.equal(showText(`\u0000${token}`), '\\u0000ghp_<redacted>');
    assert.equal(showText(JSON.stringify(`\n${token}`)), '"\\nghp_<redacted>"');
  });

  it('showText() masks a secret with nothing to escape and leaves ordinary text alone', () => {
    assert.equal(showText(`"session_${TOKENS[3]?.[2]}"`), '"session_<redacted>"');
    assert.equal(showText('"same-dir"'), '"same-dir"');
    assert.equal(showText('"a\\u0000b"'), '"a\\u0000b"');
    assert.equal(showText('"x\u200bsk-1"'), '"x\\u200bsk-1"');
  });

  it('showTextCut() masks, then cuts, never inside an escape', () => {
    const token = `ghp_${TOKENS[0]?.[2]}`;
    assert.equal(showTextCut(`"ab ${token}"`, 24), '"ab ghp_<redacted>"');
    assert.equal(showTextCut(`"ab ${token}"`, 12), '"ab ghp_<r…"');
    for (const max of [12, 13, 14, 15]) {
      assert.equal(showTextCut(`"${'a'.repeat(8)}\u200bbbb"`, max), '"aaaaaaaa…"', `${max}`);
    }
    assert.equal(showTextCut('abcdefghijk', 5), 'abcd…');
    assert.equal(showTextCut('"short"', 7), '"short"');
  });
});
