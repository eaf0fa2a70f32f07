/**
 * Candidate scanner of the redactor: finds where the mask rules of mask-rules.ts match, in
 * exactly the order and with exactly the results of one global regex of all rules run from
 * the start of the text (the reference, test/support/redact-reference.ts), but much faster.
 * Invariant: the skip regex never steps over a position where some rule can match — it only
 * passes characters that start no rule, and anchor characters at which every rule's trigger
 * (a necessary condition, mask-rules.ts) fails — and it never steps over a character the
 * stripper would remove, so unstripped input is detected in the same pass.
 */
import { SUSPICIOUS_CLASS } from './control-strip.js';
import { MASK_RULES, type MaskRule, WRITTEN_SEPARATOR_SOURCE } from './mask-rules.js';

interface CompiledRule {
  rule: MaskRule;
  /** Sticky anchor + source, for stripped text. */
  regex: RegExp;
  /** The same, except that no character class can take a character the stripper removes. */
  unstripped: RegExp;
  /** How the mask start is found: `back`, right after the anchor, or from the capture group. */
  startFrom: 'back' | 'anchor' | 'group';
  /** Sticky anchor + head (rules with a word-start check): does the rule match, read bounded. */
  head?: RegExp;
}

const escapeClass = (chars: string): string => chars.replace(/[\\\]^-]/g, '\\$&');
const SUSPICIOUS_INNER = SUSPICIOUS_CLASS.slice(1, -1);

// True when `source` is lookbehinds followed directly by its capture group, so the masked
// part starts right after the (one-character) anchor.
function groupFollowsAnchor(source: string): boolean {
  let i = 0;
  while (source.startsWith('(?<=', i)) {
    let depth = 0;
    for (; i < source.length; i += 1) {
      const ch = source[i];
      if (ch === '\\') i += 1;
      else if (ch === '(') depth += 1;
      else if (ch === ')' && --depth === 0) break;
    }
    i += 1;
  }
  return i > 0 && source[i] === '(' && source[i + 1] !== '?';
}

// Rules in the order one combined regex would try them at one position: grouped by anchor
// in order of the anchor's first appearance, table order within a group.
function compileRules(): CompiledRule[] {
  const anchors = [...new Set(MASK_RULES.map((rule) => rule.anchor))];
  return anchors.flatMap((anchor) =>
    MASK_RULES.filter((rule) => rule.anchor === anchor).map((rule) => {
      const source = `${anchor}(?:${rule.source})`;
      // Negated classes are the only way a rule takes any character (mask-rules.ts; checked
      // by test/security/mask-scan.test.ts), so excluding removable ones there suffices.
      const unstripped = source.replaceAll('[^', `[^${SUSPICIOUS_INNER}`);
      const startFrom =
        rule.back !== undefined ? 'back' : groupFollowsAnchor(rule.source) ? 'anchor' : 'group';
      if (rule.boundaryBack !== undefined && rule.head === undefined) {
        throw new Error(`mask rule ${rule.name} has a word-start check but no head`);
      }
      const compiled: CompiledRule = {
        rule,
        regex: new RegExp(source, 'y'),
        unstripped: new RegExp(unstripped, 'y'),
        startFrom,
      };
      // A head has no negated class, so it serves stripped and unstripped text alike.
      if (rule.head !== undefined) compiled.head = new RegExp(`${anchor}(?:${rule.head})`, 'y');
      return compiled;
    }),
  );
}

const RULES = compileRules();
const STARTS = [...new Set(MASK_RULES.flatMap((rule) => [...rule.starts]))].join('');

// Rules that can start at each ASCII character (every `starts` character is ASCII).
const RULES_AT: Array<CompiledRule[] | undefined> = Array.from({ length: 128 }, (_, code) => {
  const ch = String.fromCharCode(code);
  return STARTS.includes(ch) ? RULES.filter((c) => c.rule.starts.includes(ch)) : undefined;
});

// The alternative that skips start character `ch` when no trigger of a rule starting there
// holds: lookbehind-only and lookahead-only triggers are merged into one check each.
function skippableAt(ch: string): string {
  const triggers = MASK_RULES.filter((rule) => rule.starts.includes(ch)).map((r) => r.trigger);
  const befores = new Set<string>();
  const afters = new Set<string>();
  const both = new Set<string>();
  for (const { before, after } of triggers) {
    if (before !== undefined && after !== undefined) both.add(`(?!(?<=${before})${after})`);
    else if (before !== undefined) befores.add(before);
    else if (after !== undefined) afters.add(after);
    else return '(?!)'; // a rule without a trigger: never skip its start character
  }
  let out = '';
  if (befores.size > 0) out += `(?<!(?:${[...befores].join('|')}))`;
  if (afters.size > 0) out += `(?!${[...afters].join('|')})`;
  return out + [...both].join('');
}

// Skips, from lastIndex, every character that cannot start a mask: a run of characters that
// are neither a rule start nor suspicious, or a start character where no trigger holds
// (characters with the same checks share one alternative). At most 1024 start characters
// per call, which bounds the regex's backtracking stack on huge inputs (an unbounded loop
// overflows it on a 10 MB line); a stop on a skippable start character only costs one
// failed rule attempt.
function compileSkipRegex(): RegExp {
  const byCheck = new Map<string, string>();
  for (const ch of STARTS) {
    const check = skippableAt(ch);
    byCheck.set(check, (byCheck.get(check) ?? '') + ch);
  }
  const skippable = [...byCheck].map(([check, chars]) => `[${escapeClass(chars)}]${check}`);
  const plain = `[^${SUSPICIOUS_INNER}${escapeClass(STARTS)}]*`;
  return new RegExp(`${plain}(?:(?:${skippable.join('|')})${plain}){0,1024}`, 'y');
}

const SKIP_RE = compileSkipRegex();

/** Where scanning `text` from `from` stops: a possible mask start, a suspicious character or the end. */
export function findCandidate(text: string, from: number): number {
  SKIP_RE.lastIndex = from;
  SKIP_RE.test(text);
  return SKIP_RE.lastIndex;
}

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

// An escape written out as text right before `at` (mask-rules.ts, WRITTEN_SEPARATOR_SOURCE),
// looked for in the last 48 characters only: the source matches no more than that.
const WRITTEN_SEPARATOR_RE = new RegExp(`(?:${WRITTEN_SEPARATOR_SOURCE})$`);
function followsWrittenEscape(text: string, at: number): boolean {
  return WRITTEN_SEPARATOR_RE.test(text.slice(Math.max(0, at - 48), at));
}

// Removal points are only needed when a token follows a letter or digit: computed lazily.
function isWordStart(
  text: string,
  at: number,
  readCutsOnce: () => readonly number[],
  lastEnd: number,
): boolean {
  if (at <= 0 || at === lastEnd || !isAsciiAlnum(text.charCodeAt(at - 1))) return true;
  return followsWrittenEscape(text, at) || hasCut(readCutsOnce(), at);
}

const NO_SPANS: number[] = [];

// Start of the masked part of the match [at, end) of `compiled`.
function maskStart(compiled: CompiledRule, regex: RegExp, text: string, at: number): number {
  if (compiled.startFrom === 'back') return at - (compiled.rule.back as number);
  if (compiled.startFrom === 'anchor') return at + 1;
  regex.lastIndex = at;
  const match = regex.exec(text) as RegExpExecArray;
  const end = at + (match[0] as string).length;
  return end - (match[1] as string).length;
}

/**
 * Mask spans of `text` as flat [start, end, …] pairs in scan order (maybe overlapping), or
 * null when `text` holds a character the stripper removes and `stripped` is false. With
 * `stripped`, the text is already stripped and `readCutsOnce` gives its removal points.
 */
export function collectSpans(
  text: string,
  stripped: boolean,
  readCutsOnce: () => readonly number[],
): number[] | null {
  let spans: number[] | null = null;
  let lastEnd = -1;
  let pos = 0;
  const length = text.length;
  while (pos < length) {
    const at = findCandidate(text, pos);
    if (at >= length) break;
    const code = text.charCodeAt(at);
    const rules = code < 128 ? RULES_AT[code] : undefined;
    pos = at + 1;
    if (rules === undefined) {
      // A suspicious character; in stripped text only a valid surrogate pair stops here.
      if (!stripped) return null;
      continue;
    }
    for (const compiled of rules) {
      const { rule, head } = compiled;
      if (head !== undefined) {
        // Does the rule match (its head, read bounded), and does its token start a word? A
        // token rejected here is never read to its end: in a run of such tokens it would be
        // read again from every anchor inside the run (quadratic).
        head.lastIndex = at;
        if (!head.test(text)) continue;
        if (!isWordStart(text, at - (rule.boundaryBack as number), readCutsOnce, lastEnd)) break;
      }
      // Unstripped text: a match never takes a removable character, so every one of them is
      // left for the skip regex to find (and the caller strips and scans again).
      const regex = stripped ? compiled.regex : compiled.unstripped;
      regex.lastIndex = at;
      if (!regex.test(text)) continue;
      const end = regex.lastIndex;
      spans ??= [];
      spans.push(maskStart(compiled, regex, text, at), end);
      lastEnd = end;
      pos = rule.rescanFrom === undefined ? end : at + rule.rescanFrom;
      break;
    }
  }
  return spans ?? NO_SPANS;
}
