import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeControls, stripControls } from '../../src/security/control-strip.js';
import { showText } from '../../src/security/show-text.js';

// [title, input, escaped]
const CASES: Array<[string, string, string]> = [
  ['plain text untouched', 'hello world', 'hello world'],
  ['a bidi override', 'a\u202eb', 'a\\u202eb'],
  ['NUL', 'app\0', 'app\\u0000'],
  ['tab, CR and LF', 'a\tb\r\n', 'a\\u0009b\\u000d\\u000a'],
  ['DEL and a C1 control', 'a\x7fb\x9bc', 'a\\u007fb\\u009bc'],
  ['each unit of an escape sequence', '\x1b[31mred', '\\u001b[31mred'],
  ['zero width space and BOM', '\u200bx\ufeff', '\\u200bx\\ufeff'],
  ['an astral invisible (tag character) as its pair', 'a\u{E0041}b', 'a\\udb40\\udc41b'],
  ['a lone high surrogate', 'a\ud800b', 'a\\ud800b'],
  ['a lone low surrogate', 'a\udc00b', 'a\\udc00b'],
  ['a visible astral character kept', 'a\u{1F600}b', 'a\u{1F600}b'],
  ['non-ASCII letters kept', 'café', 'café'],
];

describe('escapeControls()', () => {
  for (const [title, input, escaped] of CASES) {
    it(`escapeControls() shows ${title}`, () => {
      assert.equal(escapeControls(input), escaped);
    });
  }

  it('escapeControls() leaves nothing for stripControls() to remove', () => {
    for (const [, input] of CASES) {
      const out = escapeControls(input);
      assert.deepEqual(stripControls(out), { text: out, cuts: [] }, JSON.stringify(input));
    }
  });
});

describe('showText()', () => {
  it('showText() escapes what the redactor would strip', () => {
    assert.equal(showText('"a\u202eb"'), '"a\\u202eb"');
    assert.equal(showText('plain'), 'plain');
  });

  it('showText() shows a secret split by an invisible character redacted, never half of it', () => {
    const half = 'A1b2C3d4E5'.repeat(2);
    const shown = showText(`ghp_${half}\u200b${half}`);
    assert.ok(!shown.includes('A1b2C3'), shown);
    assert.match(shown, /^ghp_<redacted>/);
  });
});
