/**
 * The straightforward redactor the optimised one in src/security/redact.ts must agree with
 * exactly (test/security/redact-equivalence.test.ts): strip the whole input, then run ONE
 * global regex of every mask rule over the stripped text from position 0, applying the word-
 * start rule with the removal points, and replace the merged spans. No pre-filter, no fast
 * path, no cache. It shares only the rule table (mask-rules.ts) and the stripper
 * (control-strip.ts), which are the specification and are tested on their own.
 */
import { readCuts, stripText } from '../../src/security/control-strip.js';
import {
  MASK_RULES,
  type MaskRule,
  WRITTEN_SEPARATOR_SOURCE,
} from '../../src/security/mask-rules.js';

const REDACTED = '<redacted>';

// Rules grouped by anchor in table order, one capture group per rule, as documented in
// mask-rules.ts: at one position the first rule (in this order) that matches wins.
const anchors = [...new Set(MASK_RULES.map((rule) => rule.anchor))];
const ORDERED: MaskRule[] = anchors.flatMap((a) => MASK_RULES.filter((r) => r.anchor === a));
const ALL_RE = new RegExp(
  anchors
    .map((a) => {
      const sources = MASK_RULES.filter((rule) => rule.anchor === a).map((rule) => rule.source);
      return `${a}(?:${sources.join('|')})`;
    })
    .join('|'),
  'g',
);

function isAlnum(ch: string | undefined): boolean {
  return ch !== undefined && /^[A-Za-z0-9]$/.test(ch);
}

// An escape written out as text right before a token that stands for a separator: the token
// starts a word (mask-rules.ts). Tested against the whole text before the token.
const WRITTEN_ESCAPE_AT_END = new RegExp(`(?:${WRITTEN_SEPARATOR_SOURCE})$`);

// [start, end) masks of stripped `text` in scan order; `cuts` are its removal points.
function scanSpans(text: string, cuts: readonly number[]): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  let lastEnd = -1;
  ALL_RE.lastIndex = 0;
  for (let match = ALL_RE.exec(text); match !== null; match = ALL_RE.exec(text)) {
    const group = match.slice(1).findIndex((value) => value !== undefined);
    const rule = ORDERED[group] as MaskRule;
    const at = match.index;
    if (rule.boundaryBack !== undefined) {
      const tokenStart = at - rule.boundaryBack;
      const wordStart =
        tokenStart <= 0 ||
        tokenStart === lastEnd ||
        !isAlnum(text[tokenStart - 1]) ||
        WRITTEN_ESCAPE_AT_END.test(text.slice(0, tokenStart)) ||
        cuts.includes(tokenStart);
      if (!wordStart) {
        ALL_RE.lastIndex = at + 1;
        continue;
      }
    }
    const end = at + match[0].length;
    const masked = match[group + 1] as string;
    const start = rule.back === undefined ? end - masked.length : at - rule.back;
    found.push([start, end]);
    lastEnd = end;
    if (rule.rescanFrom !== undefined) ALL_RE.lastIndex = at + rule.rescanFrom;
  }
  return found;
}

function mergeSpans(spans: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** Sorted [start, end) mask spans of stripped `text`, overlapping or touching ones merged. */
export function referenceSpans(text: string, cuts: readonly number[]): Array<[number, number]> {
  return mergeSpans(scanSpans(text, cuts));
}

/**
 * The reference redaction of `input`: strip, mask on the stripped view, replace. Masks that
 * come in scan order without overlapping are replaced one by one (two touching masks give
 * two markers); otherwise the merged spans are replaced.
 */
export function referenceRedact(input: string): string {
  const text = stripText(input);
  const found = scanSpans(text, readCuts(input));
  const inOrder = found.every((span, i) => i === 0 || span[0] >= (found[i - 1]?.[1] ?? 0));
  const spans = inOrder ? found : mergeSpans(found);
  let out = '';
  let pos = 0;
  for (const [start, end] of spans) {
    out += text.slice(pos, start) + REDACTED;
    pos = end;
  }
  return out + text.slice(pos);
}
