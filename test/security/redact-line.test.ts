import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { redactText } from '../../src/security/redact.js';
import { redactLine } from '../../src/security/redact-line.js';

const ESC = '\x1b';
const SGR = new RegExp(`${ESC}\\[[0-9;:]*m`, 'g');
const NON_SGR_ESC = new RegExp(`${ESC}(?!\\[[0-9;:]*m)`);
const ID = 'session_01FakeAbCdEfGhJk';

describe('redactLine()', () => {
  it('redactLine() strips colour by default', () => {
    assert.equal(redactLine(`${ESC}[32mok${ESC}[0m ${ID}`), 'ok session_<redacted>');
  });

  const CASES: Array<[string, string, string]> = [
    [
      'keeps colour around plain text',
      `${ESC}[32mok${ESC}[39m done`,
      `${ESC}[32mok${ESC}[39m done`,
    ],
    [
      'keeps colour around a whole masked id',
      `${ESC}[1m${ID}${ESC}[22m x`,
      `${ESC}[1msession_<redacted>${ESC}[22m x`,
    ],
    [
      'keeps colour inside the kept prefix',
      `sess${ESC}[1mion_01FakeAbCdEf${ESC}[0m`,
      `sess${ESC}[1mion_<redacted>${ESC}[0m`,
    ],
    [
      'falls back when colour splits the masked part',
      `session_01Fake${ESC}[1mAbCdEf${ESC}[0m`,
      'session_<redacted>',
    ],
    [
      'drops non-colour sequences and keeps colour',
      `${ESC}[4A${ESC}[J${ESC}[32m·✔︎·${ESC}[39m Connected`,
      `${ESC}[32m·✔·${ESC}[39m Connected`,
    ],
    [
      'drops OSC-8 links and keeps colour',
      `${ESC}[2m${ESC}]8;;https://x.invalid/${ID}\x07link${ESC}]8;;\x07${ESC}[22m`,
      `${ESC}[2mlink${ESC}[22m`,
    ],
    [
      'keeps truecolour and colon forms',
      `${ESC}[38;2;1;2;3mx${ESC}[38:5:1my`,
      `${ESC}[38;2;1;2;3mx${ESC}[38:5:1my`,
    ],
    ['strips 8-bit CSI colour', '\x9b31mred', 'red'],
  ];
  for (const [title, input, expected] of CASES) {
    it(`redactLine() with stripAnsi false ${title}`, () => {
      assert.equal(redactLine(input, { stripAnsi: false }), expected);
    });
  }

  it('redactLine() with stripAnsi false always shows exactly the redactText() view', () => {
    const piece = fc.constantFrom(
      `${ESC}[0m`,
      `${ESC}[1;32m`,
      `${ESC}[3A`,
      `${ESC}]8;;https://x.invalid/${ID}\x07`,
      '\u200b',
      'session_',
      '01FakeAbCdEf',
      'ghp_',
      'FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE',
      ' ',
      'word',
      'Authorization: Bearer ',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const line = parts.join('');
        const coloured = redactLine(line, { stripAnsi: false });
        const visible = coloured.replace(SGR, '');
        assert.equal(visible, redactText(line));
        assert.equal(NON_SGR_ESC.test(coloured), false);
      }),
      { numRuns: 500 },
    );
  });
});
