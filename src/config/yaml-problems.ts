/**
 * YAML parse errors as config problems an operator can act on: what is wrong in words, the
 * line, and for a duplicate key its key path. Invariant: no file content is echoed: the
 * library's messages (which quote the source) are only matched, never printed; a duplicate
 * key's path is shown only when every key on it is plain [A-Za-z0-9_-] (1-64 characters), and
 * a key that is not a config key is redacted (a `claude.env` name can be a token).
 */
import {
  type Document,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  visit,
  type YAMLError,
  type YAMLMap,
} from 'yaml';
import { redactText } from '../security/redact.js';
import type { ConfigProblem } from './problems.js';
import { configKeyNames } from './schema-walk.js';

type Words = { expected: string; found: string };

const FLOW_BRACKETS =
  'a list [ … ] or mapping { … } closed on the line it starts, or spread over indented lines';

/** What each error code means, in words (`found` is followed by ` at line N of FILE`). */
const WORDS: Partial<Record<YAMLError['code'], Words>> = {
  BAD_INDENT: {
    expected: 'the keys of one mapping (or the items of one list) starting at the same column',
    found: 'a misaligned line',
  },
  TAB_AS_INDENT: { expected: 'spaces for indentation (YAML does not allow tabs)', found: 'a tab' },
  BLOCK_AS_IMPLICIT_KEY: {
    expected:
      'one `key: value` per line, nested keys only under a key with no value on its line (quote a value that contains ": ")',
    found: 'a nested mapping or list where a one-line value is',
  },
  MULTILINE_IMPLICIT_KEY: {
    expected: 'each key on one line ending in ":" (check the indentation of the lines below it)',
    found: 'a key that runs over several lines',
  },
  MULTIPLE_DOCS: { expected: 'one YAML document (no --- separator)', found: 'a second document' },
  TAG_RESOLVE_FAILED: {
    expected: 'plain values without YAML tags (!name or !!type)',
    found: 'an unknown tag',
  },
  BAD_SCALAR_START: {
    expected: 'a value that does not start with @ or ` (quote it)',
    found: 'a value starting with a reserved character',
  },
  BAD_DQ_ESCAPE: {
    expected:
      'only YAML escapes (\\n, \\t, \\\\, \\") in "double-quoted" text, or \'single quotes\'',
    found: 'an invalid escape',
  },
  UNEXPECTED_TOKEN: { expected: '`key: value` lines', found: 'an unexpected character' },
  BLOCK_IN_FLOW: { expected: FLOW_BRACKETS, found: 'a block item inside [ … ] or { … }' },
  BAD_DIRECTIVE: { expected: 'no YAML directives (%…)', found: 'a directive' },
  NON_STRING_KEY: { expected: 'plain text keys', found: 'a list or mapping used as a key' },
  KEY_OVER_1024_CHARS: { expected: 'keys under 1024 characters', found: 'a longer key' },
  MULTIPLE_ANCHORS: { expected: 'no anchors (&name)', found: 'several anchors on one value' },
  MULTIPLE_TAGS: { expected: 'no YAML tags', found: 'several tags on one value' },
};

/** Words for codes whose library message says more than the code (matched, not printed). */
function describeByMessage(error: YAMLError): Words | undefined {
  const message = error.message;
  if (error.code === 'MISSING_CHAR') {
    if (message.startsWith('Missing closing "'))
      return { expected: 'a closing " for every opening "', found: 'a " quote still open' };
    if (message.startsWith("Missing closing '"))
      return { expected: "a closing ' for every opening '", found: "a ' quote still open" };
    if (message.startsWith('Implicit map keys need to be followed'))
      return { expected: 'a ":" after every key', found: 'a line without ":"' };
    return { expected: 'every quote and bracket closed', found: 'a missing closing character' };
  }
  if (error.code === 'BAD_INDENT' && message.startsWith('Flow sequence'))
    return { expected: FLOW_BRACKETS, found: 'a [ list with no closing ]' };
  if (error.code === 'BAD_INDENT' && message.startsWith('Flow map'))
    return { expected: FLOW_BRACKETS, found: 'a { mapping with no closing }' };
  return WORDS[error.code];
}

/** One problem per line with errors (the first error there), in words with the line. */
export function describeYamlErrors(
  errors: readonly YAMLError[],
  input: { doc: Document; text: string; fileName: string },
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seenLines = new Set<number>();
  for (const error of errors) {
    const reported = error.linePos?.[0].line ?? lineOf(input.text, error.pos[0]);
    if (error.code === 'DUPLICATE_KEY') {
      const where = `line ${reported} of ${input.fileName}`;
      problems.push(describeDuplicate(error.pos[0], where, input));
      continue;
    }
    const words = describeByMessage(error) ?? {
      expected: 'valid YAML',
      found: `a YAML error (${error.code})`,
    };
    const quote = isUnclosedQuote(error) ? findQuoteStart(input.doc, error.pos[0]) : undefined;
    const line = quote === undefined || quote === null ? reported : lineOf(input.text, quote);
    if (seenLines.has(line)) continue;
    seenLines.add(line);
    const where = `line ${line} of ${input.fileName}`;
    let found = `${words.found} at ${where}`;
    // The library reports an unclosed quote where the text ran out, lines below the quote.
    if (quote === null) found = `${words.found}, starting before ${where}`;
    else if (quote !== undefined) found = `${words.found}, opened at ${where} and never closed`;
    problems.push({ path: '(file)', expected: words.expected, found });
  }
  return problems;
}

function isUnclosedQuote(error: YAMLError): boolean {
  return (
    error.code === 'MISSING_CHAR' &&
    (error.message.startsWith('Missing closing "') || error.message.startsWith("Missing closing '"))
  );
}

/** Where the quoted value that ran to `offset` without its closing quote opens, or null. */
function findQuoteStart(doc: Document, offset: number): number | null {
  let start: number | null = null;
  visit(doc, {
    Scalar(_key, node) {
      const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
      const range = node.range;
      if (!quoted || range === undefined || range === null) return;
      if (range[0] < offset && range[1] >= offset && (start === null || range[0] > start))
        start = range[0];
    },
  });
  return start;
}

/** The line number (1-based) of a character offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i += 1) if (text[i] === '\n') line += 1;
  return line;
}

const SAFE_KEY_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** A key as a problem's path may show it: a config key as it is, any other key redacted. */
function showKey(key: string): string {
  // Config key names are shown as written even where the redactor would mask them.
  return configKeyNames().has(key) ? key : redactText(key);
}

function describeDuplicate(
  offset: number,
  where: string,
  input: { doc: Document; text: string },
): ConfigProblem {
  const expected = 'each key once in its mapping; keep one and delete the other';
  const found = findDuplicate(input.doc, offset);
  if (found === null) return { path: '(file)', expected, found: `a duplicate key at ${where}` };
  const first =
    found.firstOffset === null ? '' : ` at line ${lineOf(input.text, found.firstOffset)} and`;
  return { path: found.path, expected, found: `the key${first} again at ${where}` };
}

/** The key path of the pair whose key starts at `offset`, and where the key first appears. */
function findDuplicate(
  doc: Document,
  offset: number,
): { path: string; firstOffset: number | null } | null {
  let hit: { path: string; firstOffset: number | null } | null = null;
  visit(doc, {
    Pair(_key, pair, ancestors) {
      if (!isScalar(pair.key) || pair.key.range?.[0] !== offset) return undefined;
      const steps = describeSteps([...ancestors, pair]);
      if (steps === null) return visit.BREAK;
      const parent = ancestors[ancestors.length - 1] as YAMLMap | undefined;
      const first = parent?.items.find((item) => isSameKey(item, pair));
      hit = { path: steps, firstOffset: (first?.key as Node | undefined)?.range?.[0] ?? null };
      return visit.BREAK;
    },
  });
  return hit;
}

function isSameKey(item: Pair, pair: Pair): boolean {
  return (
    item !== pair && isScalar(item.key) && isScalar(pair.key) && item.key.value === pair.key.value
  );
}

/** `webhooks.urls[0].a` from the pairs and lists above a key; null for an odd-looking key. */
function describeSteps(path: readonly unknown[]): string | null {
  let text = '';
  for (let i = 0; i < path.length; i += 1) {
    const node = path[i];
    if (isSeq(node)) {
      text += `[${(node.items as readonly unknown[]).indexOf(path[i + 1])}]`;
    } else if (isPair(node)) {
      const key = isScalar(node.key) ? String(node.key.value) : '';
      if (!SAFE_KEY_RE.test(key)) return null;
      text += text === '' ? showKey(key) : `.${showKey(key)}`;
    }
  }
  return text === '' ? null : text;
}
