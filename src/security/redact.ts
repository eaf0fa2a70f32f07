/**
 * Redactor: pure string → string (design §5, security.md §7).
 * Invariant: the output contains no control sequence, control character (except tab, CR,
 * LF) or invisible character, and no text matching a rule of mask-rules.ts — masks are
 * decided on the stripped view, and every removal point counts as a word boundary, so an id
 * split or fused by an escape sequence or a zero-width character is still masked. Original
 * escape sequences are never re-inserted around a masked span (the optional colour mode
 * keeps SGR colour only when the coloured text redacts exactly like the stripped text).
 */
import { hasSuspiciousCharacters, readCuts, stripText } from './control-strip.js';
import { MASK_RULES, type MaskRule } from './mask-rules.js';

export const REDACTED = '<redacted>';

// One pass finds every rule anchor. Rules sharing an anchor are grouped behind it, so the
// anchor is tested once per position.
function compileMaskRegex(): { regex: RegExp; byGroup: MaskRule[] } {
  const anchors = [...new Set(MASK_RULES.map((rule) => rule.anchor))];
  const byGroup: MaskRule[] = [];
  const families = anchors.map((anchor) => {
    const rules = MASK_RULES.filter((rule) => rule.anchor === anchor);
    byGroup.push(...rules);
    return `${anchor}(?:${rules.map((rule) => rule.source).join('|')})`;
  });
  return { regex: new RegExp(families.join('|'), 'g'), byGroup };
}

const { regex: MASK_RE, byGroup: RULE_BY_GROUP } = compileMaskRegex();
const NO_CUTS: readonly number[] = [];
const noCuts = (): readonly number[] => NO_CUTS;
const NO_SPANS: number[] = [];

function isAsciiAlnum(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a)
  );
}

function hasCut(cuts: readonly number[], at: number): boolean {
  let lo = 0;
  let hi = cuts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const value = cuts[mid] as number;
    if (value === at) return true;
    if (value < at) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

// Removal points are only needed when a token follows a letter or digit: computed lazily.
function isWordStart(
  text: string,
  at: number,
  readCutsOnce: () => readonly number[],
  lastEnd: number,
): boolean {
  if (at <= 0 || at === lastEnd || !isAsciiAlnum(text.charCodeAt(at - 1))) return true;
  return hasCut(readCutsOnce(), at);
}

// Index of the capture group that matched (0 based).
function findGroup(match: RegExpExecArray): number {
  for (let i = 0; i < RULE_BY_GROUP.length; i += 1) if (match[i + 1] !== undefined) return i;
  return -1;
}

// Mask spans as flat [start, end, …] pairs, maybe unsorted or overlapping (text is stripped).
function collectSpans(text: string, readCutsOnce: () => readonly number[]): number[] {
  let spans: number[] | null = null;
  let lastEnd = -1;
  MASK_RE.lastIndex = 0;
  for (let match = MASK_RE.exec(text); match !== null; match = MASK_RE.exec(text)) {
    const group = findGroup(match);
    const rule = RULE_BY_GROUP[group] as MaskRule;
    const at = match.index;
    if (
      rule.boundaryBack !== undefined &&
      !isWordStart(text, at - rule.boundaryBack, readCutsOnce, lastEnd)
    ) {
      MASK_RE.lastIndex = at + 1;
      continue;
    }
    const end = at + match[0].length;
    const start =
      rule.back === undefined ? end - (match[group + 1] as string).length : at - rule.back;
    spans ??= [];
    spans.push(start, end);
    lastEnd = end;
    if (rule.rescanFrom !== undefined) MASK_RE.lastIndex = at + rule.rescanFrom;
  }
  return spans ?? NO_SPANS;
}

// Sorted, merged [start, end) pairs from the flat list collectSpans() returns.
function mergeSpans(flat: readonly number[]): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i] as number, flat[i + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const pair of pairs) {
    const last = merged[merged.length - 1];
    if (last !== undefined && pair[0] <= last[1]) last[1] = Math.max(last[1], pair[1]);
    else merged.push(pair);
  }
  return merged;
}

function applySpans(text: string, spans: ReadonlyArray<readonly [number, number]>): string {
  let out = '';
  let pos = 0;
  for (const [start, end] of spans) {
    out += text.slice(pos, start) + REDACTED;
    pos = end;
  }
  return out + text.slice(pos);
}

/** Where the masks fall in stripped `text` (sorted, merged); `cuts` are its removal points. */
export function findMaskSpans(
  text: string,
  cuts: readonly number[] = NO_CUTS,
): Array<[number, number]> {
  const flat = collectSpans(text, () => cuts);
  return flat.length === 0 ? [] : mergeSpans(flat);
}

// Spans in scan order are usually ascending and disjoint: replace them without sorting.
function maskWithSpans(text: string, flat: readonly number[]): string {
  let out = '';
  let pos = 0;
  for (let i = 0; i < flat.length; i += 2) {
    const start = flat[i] as number;
    if (start < pos) return applySpans(text, mergeSpans(flat));
    out += text.slice(pos, start) + REDACTED;
    pos = flat[i + 1] as number;
  }
  return out + text.slice(pos);
}

/** Masks ids and secrets in text that is already stripped; `cuts` are its removal points. */
export function maskStripped(text: string, cuts: readonly number[] = NO_CUTS): string {
  const flat = collectSpans(text, () => cuts);
  return flat.length === 0 ? text : maskWithSpans(text, flat);
}

/** Returns `input` with control sequences removed and ids and secrets masked. */
export function redactText(input: string): string {
  if (!hasSuspiciousCharacters(input)) {
    const flat = collectSpans(input, noCuts);
    return flat.length === 0 ? input : maskWithSpans(input, flat);
  }
  const text = stripText(input);
  let cuts: readonly number[] | undefined;
  const flat = collectSpans(text, () => (cuts ??= readCuts(input)));
  return flat.length === 0 ? text : maskWithSpans(text, flat);
}
