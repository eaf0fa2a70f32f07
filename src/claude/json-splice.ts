/**
 * Minimal-edit JSON updates: set one value at a key path by splicing the source text, so every
 * other byte of the document — number spellings, key order, whitespace — stays as it was.
 * Input must already be valid JSON (callers parse it first); nesting is walked iteratively.
 * The scanner compares char codes and jumps over string bodies with `indexOf`.
 */

interface Member {
  key: string;
  keyStart: number;
  valueStart: number;
  valueEnd: number;
}

interface ObjectSpan {
  open: number;
  close: number;
  members: Member[];
}

/** What a splice did: the new text and the member keys the scanner saw along the path. */
export interface JsonSplice {
  text: string;
  /** Keys of each object on the path as scanned, in source order (duplicates included). */
  scannedKeys: string[][];
  /** True when the last existing object on the path got a new member. */
  inserted: boolean;
}

/** A key on the path exists but holds something other than an object. */
export class JsonSpliceError extends Error {
  readonly code = 'json-path-not-object';
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function skipWhitespace(text: string, i: number): number {
  let j = i;
  while (j < text.length && isWhitespace(text.charCodeAt(j))) j++;
  return j;
}

/** Index just past the string starting at `start` (a quote); text.length when unterminated. */
export function skipJsonString(text: string, start: number): number {
  let quote = text.indexOf('"', start + 1);
  while (quote !== -1) {
    let slashes = 0;
    while (text.charCodeAt(quote - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}

function isScalarEnd(code: number): boolean {
  return code === COMMA || code === CLOSE_BRACE || code === CLOSE_BRACKET || isWhitespace(code);
}

function scanValue(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first === QUOTE) return skipJsonString(text, start);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let i = start;
    while (i < text.length && !isScalarEnd(text.charCodeAt(i))) i++;
    return i;
  }
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = skipJsonString(text, i);
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return i;
}

function scanObject(text: string, open: number): ObjectSpan {
  const members: Member[] = [];
  let i = skipWhitespace(text, open + 1);
  while (text.charCodeAt(i) === QUOTE) {
    const keyEnd = skipJsonString(text, i);
    const raw = text.slice(i + 1, keyEnd - 1);
    const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
    const valueStart = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1);
    const valueEnd = scanValue(text, valueStart);
    members.push({ key, keyStart: i, valueStart, valueEnd });
    i = skipWhitespace(text, valueEnd);
    if (text.charCodeAt(i) === COMMA) i = skipWhitespace(text, i + 1);
  }
  return { open, close: i, members };
}

function indentOf(text: string, span: ObjectSpan): string | null {
  const first = span.members[0];
  if (first === undefined) return null;
  const gap = text.slice(span.open + 1, first.keyStart);
  return gap.includes('\n') ? gap.slice(gap.lastIndexOf('\n') + 1) : null;
}

function renderValue(value: unknown, indent: string | null): string {
  if (indent === null) return JSON.stringify(value);
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${indent}`);
}

function insertMember(text: string, span: ObjectSpan, key: string, value: unknown): string {
  const indent = indentOf(text, span);
  const last = span.members.at(-1);
  const member = `${JSON.stringify(key)}${indent === null ? ':' : ': '}${renderValue(value, indent)}`;
  if (last === undefined) {
    return `${text.slice(0, span.open + 1)}${member}${text.slice(span.close)}`;
  }
  const separator = indent === null ? ',' : `,\n${indent}`;
  return `${text.slice(0, last.valueEnd)}${separator}${member}${text.slice(last.valueEnd)}`;
}

function nest(path: readonly string[], value: unknown): unknown {
  let nested = value;
  for (let i = path.length - 1; i >= 0; i--) nested = { [path[i] as string]: nested };
  return nested;
}

/** Splices `value` in at `path` and reports what the scanner saw along the way. */
export function spliceJsonPath(text: string, path: readonly string[], value: unknown): JsonSplice {
  let span = scanObject(text, skipWhitespace(text, 0));
  const scannedKeys: string[][] = [];
  for (let depth = 0; depth < path.length; depth++) {
    scannedKeys.push(span.members.map((m) => m.key));
    const key = path[depth] as string;
    const member = span.members.findLast((m) => m.key === key);
    if (member === undefined) {
      const next = insertMember(text, span, key, nest(path.slice(depth + 1), value));
      return { text: next, scannedKeys, inserted: true };
    }
    if (depth === path.length - 1) {
      const indent = indentOf(text, span);
      const next = `${text.slice(0, member.valueStart)}${renderValue(value, indent)}${text.slice(member.valueEnd)}`;
      return { text: next, scannedKeys, inserted: false };
    }
    if (text.charCodeAt(member.valueStart) !== OPEN_BRACE) {
      throw new JsonSpliceError(`${path.slice(0, depth + 1).join(' → ')}: expected an object`);
    }
    span = scanObject(text, member.valueStart);
  }
  return { text, scannedKeys, inserted: false };
}

/** Returns `text` with the value at `path` set to `value`; nothing else changes. */
export function setJsonPath(text: string, path: readonly string[], value: unknown): string {
  return spliceJsonPath(text, path, value).text;
}
