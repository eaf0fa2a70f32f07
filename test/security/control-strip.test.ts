import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  hasSuspiciousCharacters,
  readCuts,
  stripControls,
  stripText,
} from '../../src/security/control-strip.js';

const ESC = '\x1b';

// [title, input, stripped text, cuts]
const CASES: Array<[string, string, string, number[]]> = [
  ['plain text untouched', 'hello world', 'hello world', []],
  ['tab, CR and LF are kept', 'a\tb\r\nc', 'a\tb\r\nc', []],
  ['SGR colour', `${ESC}[31mred${ESC}[0m!`, 'red!', [0, 3]],
  ['cursor up + clear (status redraw)', `${ESC}[4A${ESC}[Jline`, 'line', [0]],
  ['private-mode CSI', `a${ESC}[?25lb`, 'ab', [1]],
  ['8-bit CSI', 'a\x9b1;2mb', 'ab', [1]],
  ['OSC 8 hyperlink with BEL', `go ${ESC}]8;;https://x.invalid/s${ESC}]8;;\x07`, 'go ', [3]],
  [
    'OSC 8 link keeps its text',
    `${ESC}]8;;https://x.invalid/\x07title${ESC}]8;;\x07.`,
    'title.',
    [0, 5],
  ],
  ['OSC terminated by ST', `a${ESC}]0;window title${ESC}\\b`, 'ab', [1]],
  ['OSC terminated by 8-bit ST', `a${ESC}]0;t\x9cb`, 'ab', [1]],
  ['8-bit OSC', 'a\x9d0;t\x07b', 'ab', [1]],
  ['DCS with payload', `a${ESC}Pq#0;2;0;0;0${ESC}\\b`, 'ab', [1]],
  [
    'SOS, PM and APC with payloads',
    `a${ESC}Xs${ESC}\\b${ESC}^p${ESC}\\c${ESC}_a${ESC}\\d`,
    'abcd',
    [1, 2, 3],
  ],
  ['unterminated OSC runs to the end of the line', `a${ESC}]8;;https://x.invalid/secret`, 'a', [1]],
  ['unterminated OSC stops at LF', `a${ESC}]8;;url\nnext`, 'a\nnext', [1]],
  ['OSC aborted by a new ESC sequence', `a${ESC}]8;;url${ESC}[0mb`, 'ab', [1]],
  ['CAN aborts a control string', `a${ESC}]8;;url\x18b`, 'ab', [1]],
  ['unterminated CSI at the end', `ab${ESC}[12;`, 'ab', [2]],
  ['lone ESC', `a${ESC}`, 'a', [1]],
  ['two-byte escapes', `a${ESC}7b${ESC}8c${ESC}=d`, 'abcd', [1, 2, 3]],
  ['charset designation', `a${ESC}(Bb`, 'ab', [1]],
  ['C0 controls', 'a\x00b\x07c\x08d\x7fe', 'abcde', [1, 2, 3, 4]],
  ['C1 controls', 'a\x85b\x84c', 'abc', [1, 2]],
  ['8-bit APC swallows its payload to the end of the line', 'a\x9fsecret', 'a', [1]],
  ['zero-width characters', 'a\u200bb\u200cc\u200dd\u2060e', 'abcde', [1, 2, 3, 4]],
  ['bidi controls', 'a\u202eb\u2066c\u200fd', 'abcd', [1, 2, 3]],
  ['soft hyphen, BOM, variation selector', '\ufeffa\u00adb\ufe0fc', 'abc', [0, 1, 2]],
  ['tag characters (astral)', `a${String.fromCodePoint(0xe0041)}b`, 'ab', [1]],
  ['visible emoji kept', 'a😀b', 'a😀b', []],
  ['lone surrogates removed', 'a\ud800b\udc00c', 'abc', [1, 2]],
  ['adjacent removals give one cut', `a${ESC}[0m\u200b${ESC}[1mb`, 'ab', [1]],
];

describe('stripControls()', () => {
  for (const [title, input, text, cuts] of CASES) {
    it(`stripControls() strips: ${title}`, () => {
      assert.deepEqual(stripControls(input), { text, cuts });
    });
  }

  it('stripControls() returns the same string object when nothing needs stripping', () => {
    const input = 'plain ascii line 2026-07-01T10:00:00.000Z';
    assert.equal(stripControls(input).text, input);
  });
});

describe('stripText()', () => {
  it('stripText() agrees with stripControls() and readCuts() on every table case', () => {
    for (const [, input, text, cuts] of CASES) {
      assert.equal(stripText(input), text);
      if (cuts.length > 0) assert.deepEqual(readCuts(input), cuts);
    }
  });
});

describe('hasSuspiciousCharacters()', () => {
  it('hasSuspiciousCharacters() covers every invisible code point of the runtime Unicode', () => {
    const invisible = /^[\p{Default_Ignorable_Code_Point}\p{Cf}]$/u;
    const missed: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp += 1) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const ch = String.fromCodePoint(cp);
      if (!invisible.test(ch)) continue;
      if (!hasSuspiciousCharacters(ch) || stripText(`a${ch}b`) !== 'ab') {
        missed.push(cp.toString(16));
      }
    }
    assert.deepEqual(missed, []);
  });

  it('hasSuspiciousCharacters() is false for printable ASCII, Latin-1 and visible Unicode', () => {
    assert.equal(
      hasSuspiciousCharacters('·✔ Connected · my-repo · main é ß 中文 ~!@#$%^&*()'),
      false,
    );
  });

  it('hasSuspiciousCharacters() flags every C0 (but tab/LF/CR) and C1 control', () => {
    for (let code = 0; code <= 0x9f; code += 1) {
      const isControl = code < 0x20 || code >= 0x7f;
      const kept = code === 0x09 || code === 0x0a || code === 0x0d;
      assert.equal(hasSuspiciousCharacters(String.fromCharCode(code)), isControl && !kept);
    }
  });
});
