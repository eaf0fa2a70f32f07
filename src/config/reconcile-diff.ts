/**
 * The before/after of a reconcile dry run: the changed lines only, with line numbers.
 * Invariant: a shown line keeps its key and indentation but never a value that could be a
 * secret (hashes, tokens, webhook URLs): only booleans, empty values and usage modes are shown.
 * Lines inside a multi-line scalar (block scalars, wrapped quotes) are found from the YAML
 * node ranges, not guessed from the line, so text that looks like `key: value` stays hidden.
 */
import { isScalar, parseDocument, visit } from 'yaml';

export interface DiffHunk {
  /** 1-based line in the old text where the hunk starts. */
  line: number;
  removed: string[];
  added: string[];
}

// Larger inputs fall back to one hunk between the common head and tail (a config is small).
const MAX_CELLS = 4_000_000;
const SAFE_VALUE = /^(?:true|false|null|~|cost|tokens|off|\{\}|\[\]|)$/;
const KEY_LINE = /^(\s*(?:-\s+)?)([^\s:#'"][^:#]*?):(?:\s+(.*))?$/;

/** The changed lines of `after` against `before`, grouped into hunks, values masked. */
export function diffConfigLines(before: string, after: string): DiffHunk[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const hidden = { del: scalarContinuationLines(before), add: scalarContinuationLines(after) };
  const hunks: DiffHunk[] = [];
  let current: DiffHunk | null = null;
  for (const op of diffOps(a, b)) {
    if (op.kind === 'same') {
      current = null;
      continue;
    }
    if (current === null) {
      current = { line: op.line, removed: [], added: [] };
      hunks.push(current);
    }
    const shown = hidden[op.kind].has(op.index) ? hideLine(op.text) : maskConfigLine(op.text);
    (op.kind === 'del' ? current.removed : current.added).push(shown);
  }
  return hunks;
}

/** `index`: 0-based line in its own text (old for del, new for add). */
type Op = { kind: 'same' | 'del' | 'add'; text: string; line: number; index: number };

function diffOps(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail += 1;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const ops: Op[] = [{ kind: 'same', text: '', line: head, index: head }];
  if (midA.length * midB.length > MAX_CELLS) {
    for (const [i, text] of midA.entries())
      ops.push({ kind: 'del', text, line: head + 1, index: head + i });
    for (const [j, text] of midB.entries())
      ops.push({ kind: 'add', text, line: head + 1, index: head + j });
    return ops;
  }
  return ops.concat(lcsOps(midA, midB, head));
}

/** A plain longest-common-subsequence walk; `offset` is the number of lines before `a`. */
function lcsOps(a: readonly string[], b: readonly string[], offset: number): Op[] {
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i -= 1)
    for (let j = b.length - 1; j >= 0; j -= 1)
      table[i * width + j] =
        a[i] === b[j]
          ? (table[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(table[(i + 1) * width + j] ?? 0, table[i * width + j + 1] ?? 0);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const line = offset + i + 1;
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: 'same', text: a[i] ?? '', line, index: offset + i });
      i += 1;
      j += 1;
    } else if (
      j >= b.length ||
      (i < a.length && (table[(i + 1) * width + j] ?? 0) >= (table[i * width + j + 1] ?? 0))
    ) {
      ops.push({ kind: 'del', text: a[i] ?? '', line, index: offset + i });
      i += 1;
    } else {
      ops.push({ kind: 'add', text: b[j] ?? '', line, index: offset + j });
      j += 1;
    }
  }
  return ops;
}

/**
 * 0-based lines that lie inside a scalar but after the line it starts on: every line of a
 * block scalar's body, and the wrapped lines of a quoted or plain multi-line value.
 */
function scalarContinuationLines(text: string): Set<number> {
  const starts = [0];
  for (let i = 0; i < text.length; i += 1) if (text[i] === '\n') starts.push(i + 1);
  const lineAt = (offset: number) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  };
  const lines = new Set<number>();
  visit(parseDocument(text, { keepSourceTokens: false }), {
    Scalar(_key, node) {
      if (!isScalar(node) || !node.range) return;
      const [start, end] = node.range;
      const last = lineAt(Math.max(start, end - 1));
      for (let line = lineAt(start) + 1; line <= last; line += 1) lines.add(line);
    },
  });
  return lines;
}

function hideLine(line: string): string {
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  return line.slice(indent.length) === '' ? line : `${indent}<hidden>`;
}

/** A config line with its key and indentation kept and any unsafe value or comment hidden. */
export function maskConfigLine(line: string): string {
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  const rest = line.slice(indent.length);
  if (rest === '') return line;
  if (rest.startsWith('#')) return `${indent}# …`;
  const key = KEY_LINE.exec(line);
  if (key) {
    const [value = '', comment] = splitComment(key[3] ?? '');
    const shown = SAFE_VALUE.test(value) ? value : '<hidden>';
    return `${key[1]}${key[2]}:${shown === '' ? '' : ` ${shown}`}${comment ? ' # …' : ''}`;
  }
  if (rest.startsWith('- ') || rest === '-') return `${indent}- <hidden>`;
  return `${indent}<hidden>`;
}

function splitComment(value: string): [string, boolean] {
  const at = value.search(/(^|\s)#/);
  return at === -1 ? [value.trim(), false] : [value.slice(0, at).trim(), true];
}
