/**
 * Control and invisible-character stripping, the first stage of the redactor.
 * Invariant: the returned text contains no C0 control except tab/CR/LF, no DEL, no C1
 * control, no escape sequence (CSI 7/8-bit, OSC, DCS, SOS, PM, APC, other ESC forms — their
 * payloads included, unterminated ones up to the end of the line), no invisible Unicode
 * (Default_Ignorable_Code_Point ∪ Cf) and no lone surrogate; readCuts() reports every place
 * where something was removed, so later stages can treat it as a word boundary.
 */

export interface StrippedText {
  text: string;
  /** Ascending offsets in `text` where removed characters used to sit. */
  cuts: number[];
}

/**
 * Default_Ignorable_Code_Point ∪ Cf (Unicode 15.1/16) as regex alternatives over UTF-16:
 * a BMP class and the astral ranges as surrogate pairs. test/security/control-strip.test.ts
 * checks both against the runtime's Unicode tables.
 */
export const INVISIBLE_BMP_CLASS =
  '\\u00AD\\u034F\\u0600-\\u0605\\u061C\\u06DD\\u070F\\u0890-\\u0891\\u08E2\\u115F-\\u1160' +
  '\\u17B4-\\u17B5\\u180B-\\u180F\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u206F\\u3164' +
  '\\uFE00-\\uFE0F\\uFEFF\\uFFA0\\uFFF0-\\uFFFB';
const INVISIBLE_ASTRAL =
  '\\uD804[\\uDCBD\\uDCCD]|\\uD80D[\\uDC30-\\uDC3F]|\\uD82F[\\uDCA0-\\uDCA3]|' +
  '\\uD834[\\uDD73-\\uDD7A]|[\\uDB40-\\uDB43][\\uDC00-\\uDFFF]';

/** Every UTF-16 unit that may need stripping (a surrogate only sometimes). */
export const SUSPICIOUS_CLASS = `[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F${INVISIBLE_BMP_CLASS}\\uD800-\\uDFFF]`;

// One removal per match. Order matters: CSI before the two-byte ESC forms, control strings
// (payload to BEL/ST/CAN/SUB, else up to the next ESC or the end of the line) before lone C1.
const CSI_SOURCE = [
  '\\x1b\\[[\\x30-\\x3f]*[\\x20-\\x2f]*[\\x40-\\x7e]?',
  '\\x9b[\\x30-\\x3f]*[\\x20-\\x2f]*[\\x40-\\x7e]?',
].join('|');
const STRIP_SOURCE = [
  CSI_SOURCE,
  '(?:\\x1b[\\]PX^_]|[\\x90\\x98\\x9d\\x9e\\x9f])[^\\x07\\x9c\\x18\\x1a\\x1b\\n\\r]*(?:[\\x07\\x9c\\x18\\x1a]|\\x1b\\\\)?',
  '\\x1b[\\x20-\\x2f]+[\\x30-\\x7e]?',
  '\\x1b[\\x30-\\x7e]?',
  `[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F${INVISIBLE_BMP_CLASS}]`,
  INVISIBLE_ASTRAL,
  '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])',
  '[\\uDC00-\\uDFFF](?<![\\uD800-\\uDBFF][\\uDC00-\\uDFFF])',
].join('|');

/**
 * An escape sequence (CSI, ESC with its intermediates and final byte) as STRIP_RE takes it,
 * except that a control string's introducer (ESC P, ESC ], …) is taken without its payload.
 */
export const SEQUENCE_SOURCE = `${CSI_SOURCE}|\\x1b[\\x20-\\x2f]*[\\x30-\\x7e]?`;

const SUSPICIOUS_RE = new RegExp(SUSPICIOUS_CLASS);
const STRIP_RE = new RegExp(STRIP_SOURCE, 'g');

/** The `[start, end)` ranges of `input` that stripText() removes, ascending and disjoint. */
export function stripRanges(input: string): Array<[number, number]> {
  return [...input.matchAll(STRIP_RE)].map((m) => [m.index, m.index + m[0].length]);
}

/** True when `text` holds something the stripper may remove. */
export function hasSuspiciousCharacters(text: string): boolean {
  return SUSPICIOUS_RE.test(text);
}

/** `input` without control sequences and invisible characters (no removal points). */
export function stripText(input: string): string {
  return input.replace(STRIP_RE, '');
}

/** Offsets in stripText(input) where something was removed, ascending, no duplicates. */
export function readCuts(input: string): number[] {
  const cuts: number[] = [];
  let removed = 0;
  STRIP_RE.lastIndex = 0;
  for (let m = STRIP_RE.exec(input); m !== null; m = STRIP_RE.exec(input)) {
    const at = m.index - removed;
    if (cuts[cuts.length - 1] !== at) cuts.push(at);
    removed += m[0].length;
  }
  return cuts;
}

/** Removes control sequences and invisible characters, reporting where text was removed. */
export function stripControls(input: string): StrippedText {
  if (!SUSPICIOUS_RE.test(input)) return { text: input, cuts: [] };
  return { text: stripText(input), cuts: readCuts(input) };
}

/**
 * What escapeControls() escapes, one character per match: a C0/C1 control or DEL, an invisible
 * one (BMP or astral pair), or a lone surrogate. Unlike STRIP_RE, escape sequences are not
 * taken whole: each ESC is escaped.
 */
export const ESCAPABLE_SOURCE = [
  `[\\x00-\\x1F\\x7F-\\x9F${INVISIBLE_BMP_CLASS}]`,
  INVISIBLE_ASTRAL,
  '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])',
  '(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]',
].join('|');
const ESCAPE_RE = new RegExp(ESCAPABLE_SOURCE, 'g');

function toUnicodeEscape(match: string): string {
  let out = '';
  for (let i = 0; i < match.length; i += 1) {
    out += `\\u${match.charCodeAt(i).toString(16).padStart(4, '0')}`;
  }
  return out;
}

/**
 * `input` with every control (tab, CR and LF too), invisible character and lone surrogate
 * written as a `\uXXXX` escape, for a message that shows a refused value: stripped,
 * `a<U+202E>b` would read "ab" and look valid. The result holds nothing stripControls() removes.
 */
export function escapeControls(input: string): string {
  return input.replace(ESCAPE_RE, toUnicodeEscape);
}
