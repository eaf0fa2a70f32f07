/**
 * Minimal-edit JSON updates: set one value at a key path by splicing the source text, so every
 * other byte of the document — number spellings, key order, whitespace — stays as it was.
 * Input must already be valid JSON (callers parse it first); nesting is walked iteratively.
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

/** A key on the path exists but holds something other than an object. */
export class JsonSpliceError extends Error {
  readonly code = 'json-path-not-object';
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function skipWhitespace(text: string, i: number): number {
  let j = i;
  while (j < text.length && isWhitespace(text.charCodeAt(j))) j++;
  return j;
}

function scanString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i += 2;
    else if (c === 0x22) return i + 1;
    else i++;
  }
  return i;
}

function scanValue(text: string, start: number): number {
  const first = text.charAt(start);
  if (first === '"') return scanString(text, start);
  if (first !== '{' && first !== '[') {
    let i = start;
    while (i < text.length && !',}] \t\r\n'.includes(text.charAt(i))) i++;
    return i;
  }
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = scanString(text, i);
      continue;
    }
    if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
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
  while (text.charAt(i) === '"') {
    const keyEnd = scanString(text, i);
    const raw = text.slice(i + 1, keyEnd - 1);
    const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
    const valueStart = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1);
    const valueEnd = scanValue(text, valueStart);
    members.push({ key, keyStart: i, valueStart, valueEnd });
    i = skipWhitespace(text, valueEnd);
    if (text.charAt(i) === ',') i = skipWhitespace(text, i + 1);
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

/** Returns `text` with the value at `path` set to `value`; nothing else changes. */
export function setJsonPath(text: string, path: readonly string[], value: unknown): string {
  let span = scanObject(text, skipWhitespace(text, 0));
  for (let depth = 0; depth < path.length; depth++) {
    const key = path[depth] as string;
    const member = span.members.findLast((m) => m.key === key);
    if (member === undefined)
      return insertMember(text, span, key, nest(path.slice(depth + 1), value));
    if (depth === path.length - 1) {
      const indent = indentOf(text, span);
      return `${text.slice(0, member.valueStart)}${renderValue(value, indent)}${text.slice(member.valueEnd)}`;
    }
    if (text.charAt(member.valueStart) !== '{') {
      throw new JsonSpliceError(`${path.slice(0, depth + 1).join(' → ')}: expected an object`);
    }
    span = scanObject(text, member.valueStart);
  }
  return text;
}
