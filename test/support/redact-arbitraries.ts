/**
 * fast-check pieces of terminal lines for the redactor's differential tests
 * (test/security/redact-equivalence.test.ts, test/security/redact-native.test.ts): fake
 * secrets of every shape, rule anchors and prefixes in hostile positions, escape sequences,
 * invisible characters, alphanumeric runs and arbitrary text. Invariant: pieces only — a test
 * decides how many make a line; nothing here looks like a real secret beyond the rule shapes.
 */
import fc from 'fast-check';
import { buildFakeSecrets } from './fake-secrets.js';

const ESC = '\x1b';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** One fake secret of every masked shape. */
export const secretPieceArb = fc.constantFrom(...buildFakeSecrets().map((secret) => secret.text));

/**
 * Pieces chosen to sit right at the edges of the rules: prefixes without bodies, anchors
 * after letters and digits, separators, key names, hex runs, URL fragments, escapes written
 * out as text.
 */
export const anchorPieceArb = fc.constantFrom(
  'session_',
  'env_',
  'cse_',
  'ghp_',
  'github_pat_',
  'clauster_pat_',
  'glpat-',
  'sk-',
  'sk-ant-',
  'xoxb-',
  'AKIA',
  'A3T',
  'eyJ',
  'Bearer ',
  'bEaReR\t',
  'Authorization: ',
  'authorization=',
  '\\":\\"',
  'Cookie: ',
  'token=',
  'api_key: "',
  'PASSWORD_HASH=',
  'https://',
  'user:',
  '@',
  '://',
  '3f0c2a9e',
  '-6b1d',
  '-4c8e-9f7a-1d2e3f4a5b6c',
  '2026-07-01T10:00:00.410Z',
  ' ',
  '_',
  '-',
  ':',
  '=',
  '"',
  "'",
  'dotenv',
  'task',
  '\\n',
  '\\',
  '%3D',
  '%2',
  '\\u00',
  '\\u0041',
  '\\x4',
  '\\x41',
  '\\x3d',
  '%41',
  '%252F',
  '\\u001b[1m',
  '\\033[',
  '\\e[0;3',
  '\\a',
);

/** Escape sequences the stripper removes whole (CSI, OSC 8, DCS, charset, 8-bit CSI). */
export const ESCAPE_PIECES: readonly string[] = [
  `${ESC}[0m`,
  `${ESC}[1;31m`,
  `${ESC}[4A${ESC}[J`,
  `${ESC}]8;;https://example.invalid/x\x07`,
  `${ESC}]8;;${ESC}\\`,
  `${ESC}P1$r${ESC}\\`,
  `${ESC}(B`,
  '\x9b1m',
];

/** Single controls and invisible characters (a tag character, a lone surrogate) and an emoji. */
export const INVISIBLE_PIECES: readonly string[] = [
  '\x00',
  '\x7f',
  '\u200b',
  '\u200d',
  '\u00ad',
  '\ufeff',
  '\ufe0f',
  String.fromCodePoint(0xe0041),
  '😀',
  '\ud800',
];

/** An escape sequence or an invisible character. */
export const controlPieceArb = fc.constantFrom(...ESCAPE_PIECES, ...INVISIBLE_PIECES);

/** A run of ASCII letters and digits (a token body, or the word a token is fused to). */
export const alnumRunArb = fc.string({
  unit: fc.constantFrom(...ALNUM),
  minLength: 1,
  maxLength: 24,
});

/** Any code points (well-formed UTF-16). */
export const codePointsArb = fc.string({ unit: 'binary', maxLength: 8 });

/** Any UTF-16 code units: lone and reversed surrogates too. */
export const codeUnitsArb = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
  maxLength: 8,
});

/** One piece of a generated line. */
export const pieceArb = fc.oneof(
  secretPieceArb,
  anchorPieceArb,
  controlPieceArb,
  alnumRunArb,
  codePointsArb,
);

/** A generated line of up to 14 pieces. */
export const lineArb = fc.array(pieceArb, { maxLength: 14 }).map((parts) => parts.join(''));

/** A line of `minPieces` to `maxPieces` pieces that may also hold any UTF-16 code units. */
export function hostileLineArb(maxPieces: number, minPieces = 0): fc.Arbitrary<string> {
  return fc
    .array(fc.oneof(pieceArb, codeUnitsArb), { minLength: minPieces, maxLength: maxPieces })
    .map((parts) => parts.join(''));
}
