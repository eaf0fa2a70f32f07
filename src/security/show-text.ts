/**
 * A refused value as a message shows it. Invariant: what the redactor would remove is shown
 * escaped (`\u202e`, `\u0000`), so a stripped value never looks valid, and no piece of a
 * secret is shown, whatever controls, invisible characters or escapes surround or split it.
 * The value is usually JSON, so its backslash escapes (`\n`, `\u001b[31m`) are read as the
 * characters they stand for. A part of the value is masked when a mask rule matches it in
 * any of these views (of the text with its escapes read; the first also of the text as given):
 * - the redactor's own: escape sequences and control strings removed, payload included;
 * - every escape sequence (a control string's payload kept) and every control or invisible
 *   character removed, each removal a word start (`\x1bPghp_…`);
 * - every control or invisible character removed, each removal a word start (a secret split
 *   by one);
 * - each of them replaced by a space (a secret inside a control string's payload, or right
 *   after an escape that ends in a letter or digit, like `\u009d`).
 */
import { ESCAPABLE_SOURCE, escapeControls, SEQUENCE_SOURCE, stripRanges } from './control-strip.js';
import { findMaskSpans, REDACTED } from './redact.js';

type Span = [number, number];

const ESCAPABLE_RE = new RegExp(ESCAPABLE_SOURCE, 'g');
const SEQUENCE_RE = new RegExp(`${SEQUENCE_SOURCE}|${ESCAPABLE_SOURCE}`, 'g');
const BACKSLASH_ESCAPE_RE = /\\(?:u([0-9a-fA-F]{4})|([bfnrt"\\/]))/g;
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  '"': '"',
  '\\': '\\',
  '/': '/',
};

/** A text with, for each UTF-16 unit, the `[from, to)` span of the source it stands for. */
interface Read {
  text: string;
  from: number[];
  to: number[];
}

function readEscapes(source: string): Read {
  const read: Read = { text: '', from: [], to: [] };
  let pos = 0;
  const keep = (end: number): void => {
    for (let i = pos; i < end; i += 1) {
      read.from.push(i);
      read.to.push(i + 1);
    }
    read.text += source.slice(pos, end);
  };
  for (const m of source.matchAll(BACKSLASH_ESCAPE_RE)) {
    keep(m.index);
    const [whole, hex, short] = m;
    read.text +=
      hex === undefined
        ? (SHORT_ESCAPES[short as string] as string)
        : String.fromCharCode(Number.parseInt(hex, 16));
    read.from.push(m.index);
    read.to.push(m.index + whole.length);
    pos = m.index + whole.length;
  }
  keep(source.length);
  return read;
}

function rangesOf(text: string, re: RegExp): Span[] {
  return [...text.matchAll(re)].map((m) => [m.index, m.index + m[0].length]);
}

// Masks of `text` with `gaps` removed, as spans of `text`; each removal point is a word start.
function masksJoined(text: string, gaps: readonly Span[]): Span[] {
  let view = '';
  const origin: number[] = [];
  const cuts: number[] = [];
  let pos = 0;
  const keep = (end: number): void => {
    for (let i = pos; i < end; i += 1) origin.push(i);
    view += text.slice(pos, end);
  };
  for (const [start, end] of gaps) {
    keep(start);
    if (cuts[cuts.length - 1] !== view.length) cuts.push(view.length);
    pos = end;
  }
  keep(text.length);
  return findMaskSpans(view, cuts).map(([s, e]) => [
    origin[s] as number,
    (origin[e - 1] as number) + 1,
  ]);
}

// Masks of `text` with each gap replaced by as many spaces (the offsets stay those of `text`).
function masksSpaced(text: string, gaps: readonly Span[]): Span[] {
  let view = '';
  let pos = 0;
  for (const [start, end] of gaps) {
    view += text.slice(pos, start) + ' '.repeat(end - start);
    pos = end;
  }
  return findMaskSpans(view + text.slice(pos));
}

// Every span of `text` that some view masks.
function findSecrets(text: string): Span[] {
  const read = readEscapes(text);
  const gaps = rangesOf(read.text, ESCAPABLE_RE);
  if (gaps.length === 0 && read.text === text) return findMaskSpans(text);
  const inRead = [
    ...masksJoined(read.text, stripRanges(read.text)),
    ...masksJoined(read.text, gaps),
    ...masksSpaced(read.text, gaps),
    ...masksJoined(read.text, rangesOf(read.text, SEQUENCE_RE)),
  ];
  const spans = inRead.map(([s, e]): Span => [read.from[s] as number, read.to[e - 1] as number]);
  return merge([...spans, ...masksJoined(text, stripRanges(text))]);
}

function merge(spans: Span[]): Span[] {
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Span[] = [];
  for (const [start, end] of spans) {
    const last = merged[merged.length - 1];
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** `text` with controls and invisible characters escaped and every secret in it masked. */
export function showText(text: string): string {
  const spans = findSecrets(text);
  let out = '';
  let pos = 0;
  for (const [start, end] of spans) {
    out += escapeControls(text.slice(pos, start)) + REDACTED;
    pos = end;
  }
  return out + escapeControls(text.slice(pos));
}

/**
 * showText(text) cut to at most `max` characters, `…` standing for the cut part (inside the
 * closing quote of a JSON string). Cut after masking, so no secret is cut short of its
 * rule's length and shown; an escape the cut would split is left out whole.
 */
export function showTextCut(text: string, max: number): string {
  const shown = showText(text);
  if (shown.length <= max) return shown;
  const quoted = shown.length > 1 && shown.startsWith('"') && shown.endsWith('"');
  const kept = shown.slice(0, max - (quoted ? 2 : 1)).replace(/\\(?:u[0-9a-fA-F]{0,3})?$/, '');
  return quoted ? `${kept}…"` : `${kept}…`;
}
