/**
 * The native redaction engine (native/, built into build/Release/clauster_redact.node)
 * as its tests load it, and the comparison they all make. Invariant: loadNativeRedact()
 * returns the module's own redact() or throws, so a native test FAILS (never skips) when the
 * module is not built; and an engine that declines an input it must take counts as a
 * mismatch, so no test passes because the JS engine would have run instead.
 */
import { createRequire } from 'node:module';
import { NATIVE_REDACTOR_PATH } from '../../src/system/native-redactor.js';
import { resolvePackagePath } from '../../src/system/package-root.js';

/** The engine's contract: the exact redaction of `input`, or undefined when it declines. */
export type NativeRedact = (input: string) => string | undefined;

/** Where `npm ci` (node-gyp) puts the module. */
export const NATIVE_MODULE_PATH = resolvePackagePath(...NATIVE_REDACTOR_PATH);

/** The engine must take every input up to this many UTF-16 code units (1 Mi). */
export const MUST_ACCEPT_LENGTH = 1 << 20;

/** How the engine takes its first look at a line: `windows(kind?)` switches and answers. */
export type WindowKind = 'scalar' | 'sse2' | 'avx2';
export type NativeWindows = (kind?: WindowKind) => WindowKind;

let loaded: NativeRedact | undefined;
let windows: NativeWindows | undefined;

/** The native windows() switch (every kind must redact alike; the tests run each). */
export function loadNativeWindows(): NativeWindows {
  loadNativeRedact();
  if (windows === undefined) throw new Error(`${NATIVE_MODULE_PATH} exports no windows() function`);
  return windows;
}

/** The native redact() (loaded once), or a thrown Error saying how to build it. */
export function loadNativeRedact(): NativeRedact {
  if (loaded !== undefined) return loaded;
  let exported: unknown;
  try {
    exported = createRequire(import.meta.url)(NATIVE_MODULE_PATH);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `the native redaction module is not built (${NATIVE_MODULE_PATH}): run \`npm ci\` or \`npm rebuild\` (${reason})`,
    );
  }
  const redact = (exported as { redact?: unknown } | null)?.redact;
  if (typeof redact !== 'function') {
    throw new Error(`${NATIVE_MODULE_PATH} exports no redact() function`);
  }
  loaded = redact as NativeRedact;
  const switcher = (exported as { windows?: unknown }).windows;
  if (typeof switcher === 'function') windows = switcher as NativeWindows;
  return loaded;
}

// A short quoted form of `text` with every unit outside printable ASCII as a \uXXXX escape.
const shown = (text: string | undefined, max = 120): string =>
  text === undefined
    ? 'undefined (declined)'
    : JSON.stringify(text.slice(0, max)).replace(
        /[^\x20-\x7e]/g,
        (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
      ) + (text.length > max ? `… (${text.length} units)` : '');

/**
 * Why the native redaction of `input` is wrong, or undefined when it equals `expected`.
 * Declining counts as wrong up to MUST_ACCEPT_LENGTH; above it, declining is allowed.
 */
export function nativeMismatch(input: string, expected: string): string | undefined {
  const got = loadNativeRedact()(input);
  if (got === expected) return undefined;
  if (got === undefined && input.length > MUST_ACCEPT_LENGTH) return undefined;
  return `input ${shown(input)}: expected ${shown(expected)}, got ${shown(got)}`;
}

/**
 * The first `limit` mismatches over `cases` ([label, input] pairs), each prefixed with its
 * label, and how many there were in all: one comparison loop for a large batch of inputs.
 */
export function nativeMismatches(
  cases: Iterable<readonly [string, string]>,
  expected: (input: string) => string,
  limit = 5,
): { count: number; first: string[] } {
  const first: string[] = [];
  let count = 0;
  for (const [label, input] of cases) {
    const problem = nativeMismatch(input, expected(input));
    if (problem === undefined) continue;
    count += 1;
    if (first.length < limit) first.push(`${label}: ${problem}`);
  }
  return { count, first };
}

/** `line` held by V8 as a two-byte string (a slice of one), whatever characters it has. */
export function asTwoByte(line: string): string {
  return `${line}\u0100`.slice(0, -1);
}

/**
 * nativeMismatch() for `line` held both ways V8 can hold it: the engine reads one-byte strings
 * as Latin-1 bytes and the rest as UTF-16 units, and both must agree.
 */
export function nativeMismatchBothKinds(line: string, expected: string): string | undefined {
  return nativeMismatch(line, expected) ?? nativeMismatch(asTwoByte(line), expected);
}
