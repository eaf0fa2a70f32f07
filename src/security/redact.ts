/**
 * Redactor: pure string → string (design §5, security.md §7).
 * Invariant: the output contains no control sequence, control character (except tab, CR,
 * LF) or invisible character, and no text matching a rule of mask-rules.ts — masks are
 * decided on the stripped view, and every removal point counts as a word boundary, so an id
 * split or fused by an escape sequence or a zero-width character is still masked. Original
 * escape sequences are never re-inserted around a masked span (the optional colour mode
 * keeps SGR colour only when the coloured text redacts exactly like the stripped text).
 *
 * Speed (docs/performance.md): one scan (mask-scan.ts) both finds mask candidates and
 * notices anything to strip; a line without escapes or invisible characters is masked in
 * that single pass. Lines that need stripping repeat a lot (status-block redraws, spinners,
 * colour), so their results are cached — only for lines that hold nothing secret in raw
 * form: no mask in the result and no control string (OSC, DCS, SOS, PM, APC: the only
 * removed parts that can carry text). A raw line that had something masked is never kept.
 * The output is the same either way (test/security/redact-equivalence.test.ts compares
 * with a plain reference).
 *
 * Engines: redactText() runs the native engine when one is installed (setNativeRedactor();
 * it must return exactly what redactTextJs() returns, or undefined to decline an input) and
 * this JS engine otherwise. The other exports here are JS only.
 */
import { readCuts, stripText } from './control-strip.js';
import { collectSpans } from './mask-scan.js';

export const REDACTED = '<redacted>';

const NO_CUTS: readonly number[] = [];
const noCuts = (): readonly number[] => NO_CUTS;

// Cached escape-bearing lines, oldest evicted first (a Map keeps insertion order; a hit is
// one lookup, no reordering). At most CACHE_SIZE lines of at most CACHE_MAX_LENGTH.
const CACHE_SIZE = 128;
const CACHE_MAX_LENGTH = 1024;
const cache = new Map<string, string>();
// The introducers of control strings, whose payload (an OSC 8 link target…) can be any text
// (built from a string: the linter refuses control characters in a regex literal).
const ESC = String.fromCharCode(0x1b);
const CONTROL_STRING_RE = new RegExp(`${ESC}[\\]PX^_]|[\\x90\\x98\\x9d-\\x9f]`);

// Sorted, merged [start, end) pairs from flat [start, end, …] pairs.
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

// Spans in scan order are usually ascending and disjoint: replace them without sorting.
function maskWithSpans(text: string, flat: readonly number[]): string {
  if (flat.length === 0) return text;
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

/** Where the masks fall in stripped `text` (sorted, merged); `cuts` are its removal points. */
export function findMaskSpans(
  text: string,
  cuts: readonly number[] = NO_CUTS,
): Array<[number, number]> {
  const flat = collectSpans(text, true, () => cuts) as number[];
  return flat.length === 0 ? [] : mergeSpans(flat);
}

/** Masks ids and secrets in text that is already stripped; `cuts` are its removal points. */
export function maskStripped(text: string, cuts: readonly number[] = NO_CUTS): string {
  return maskWithSpans(text, collectSpans(text, true, () => cuts) as number[]);
}

// Strips, then masks on the stripped view with the removal points (computed only if a
// word-start check needs them); caches the result when the raw line holds nothing secret.
function stripAndMask(input: string): string {
  const text = stripText(input);
  let cuts: readonly number[] | undefined;
  const flat = collectSpans(text, true, () => (cuts ??= readCuts(input))) as number[];
  if (flat.length > 0) return maskWithSpans(text, flat);
  if (input.length <= CACHE_MAX_LENGTH && !CONTROL_STRING_RE.test(input)) {
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(input, text);
  }
  return text;
}

/** True when the redaction of `input` is held in the cache (lets tests check what is kept). */
export function isRedactionCached(input: string): boolean {
  return cache.has(input);
}

/**
 * A native redaction engine: the exact redactTextJs() result for `input`, or undefined when
 * it declines that input (the JS engine then redacts it).
 */
export type NativeRedactor = (input: string) => string | undefined;

/** Why redactText() runs the JS engine alone (decided where the native engine is loaded). */
export type RedactorFallback = 'forced' | 'not-built' | 'load-failed' | 'refused' | 'not-loaded';

/**
 * Which engine redactText() runs in this process: native (its module, and how many of the
 * self-check samples it answered rather than declined) or JS, with the cause and a reason.
 */
export type RedactorStatus =
  | { engine: 'native'; path: string; answered: number; samples: number }
  | { engine: 'js'; cause: RedactorFallback; reason: string };

let nativeRedactor: NativeRedactor | null = null;

/**
 * Installs (or, with null, removes) the native engine redactText() tries first. Core never
 * loads it: the edge does (src/system/native-redactor.ts), after a known-answer self-check.
 */
export function setNativeRedactor(fn: NativeRedactor | null): void {
  nativeRedactor = fn;
}

/** Returns `input` with control sequences removed and ids and secrets masked. */
export function redactText(input: string): string {
  if (nativeRedactor !== null) {
    const out = nativeRedactor(input);
    if (out !== undefined) return out;
  }
  return redactTextJs(input);
}

/** redactText() by the JS engine alone, whatever native engine is installed. */
export function redactTextJs(input: string): string {
  const flat = collectSpans(input, false, noCuts);
  if (flat !== null) return maskWithSpans(input, flat);
  return (input.length <= CACHE_MAX_LENGTH ? cache.get(input) : undefined) ?? stripAndMask(input);
}
