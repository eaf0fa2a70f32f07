/**
 * Proof that a spliced `.claude.json` differs from the original in exactly one key path
 * (R-FS-1). Invariant: an edit is accepted only when the re-parsed document holds the new value
 * at the path and every object on the path has the same keys as before (plus the one inserted),
 * the scanner saw exactly the keys the parser saw, and no object on the path has duplicate keys.
 * Bytes outside the spliced span are copied by construction, so this replaces a comparison of
 * two full re-serialisations.
 */
import { isDeepStrictEqual } from 'node:util';
import { fail, ok, type Result } from '../result.js';
import type { JsonSplice } from './json-splice.js';
import { type ClaudeConfig, isPlainObject } from './trust-state.js';

type ProofResult = Result<true, 'edit-unproven'>;

function describeLevel(keyPath: readonly string[], depth: number): string {
  return depth === 0 ? 'the top level' : keyPath.slice(0, depth).join(' → ');
}

/** True when two key lists are equal element by element (the common case: same order). */
function sameList(a: readonly string[], b: readonly string[], extra?: string): boolean {
  if (a.length + (extra === undefined ? 0 : 1) !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return extra === undefined || b[a.length] === extra;
}

function checkScanned(
  before: Record<string, unknown>,
  keys: readonly string[],
  scanned: readonly string[] | undefined,
  where: string,
): ProofResult {
  if (scanned === undefined) return fail('edit-unproven', `${where}: not scanned`);
  // Parsed keys never repeat, so an equal list also rules out duplicates in the source.
  if (sameList(scanned, keys)) return ok(true);
  if (new Set(scanned).size !== scanned.length) {
    return fail('edit-unproven', `${where}: expected unique keys, got a duplicate key`);
  }
  if (keys.length !== scanned.length || !scanned.every((key) => Object.hasOwn(before, key))) {
    return fail('edit-unproven', `${where}: scanned keys differ from the parsed keys`);
  }
  return ok(true);
}

function checkKeptKeys(
  before: { node: Record<string, unknown>; keys: readonly string[] },
  after: Record<string, unknown>,
  key: string,
  where: string,
): ProofResult {
  const added = Object.hasOwn(before.node, key) ? 0 : 1;
  const kept = before.keys;
  const keys = Object.keys(after);
  if (sameList(kept, keys, added === 1 ? key : undefined)) return ok(true);
  // Integer-like keys are ordered first by the parser, so compare as sets.
  if (
    keys.length !== kept.length + added ||
    !Object.hasOwn(after, key) ||
    !kept.every((k) => Object.hasOwn(after, k))
  ) {
    return fail('edit-unproven', `${where}: expected the same keys plus at most "${key}"`);
  }
  return ok(true);
}

/** Checks that `after` is `before` with `value` set at `keyPath` and nothing else changed. */
export function proveSingleEdit(
  before: ClaudeConfig,
  after: ClaudeConfig,
  edit: { keyPath: readonly string[]; value: unknown; splice: JsonSplice },
): ProofResult {
  const { keyPath, splice } = edit;
  let old: unknown = before;
  let now: unknown = after;
  for (let depth = 0; depth < keyPath.length; depth++) {
    const key = keyPath[depth] as string;
    const where = describeLevel(keyPath, depth);
    if (!isPlainObject(now)) return fail('edit-unproven', `${where}: expected an object`);
    if (old === undefined) {
      // Below the inserted member: a fresh object holding only the next key.
      const keys = Object.keys(now);
      if (keys.length !== 1 || keys[0] !== key) {
        return fail('edit-unproven', `${where}: expected only "${key}"`);
      }
    } else {
      if (!isPlainObject(old)) return fail('edit-unproven', `${where}: was not an object`);
      const keys = Object.keys(old);
      const scanned = checkScanned(old, keys, splice.scannedKeys[depth], where);
      if (!scanned.ok) return scanned;
      const kept = checkKeptKeys({ node: old, keys }, now, key, where);
      if (!kept.ok) return kept;
      const insertsHere = !Object.hasOwn(old, key);
      if (insertsHere !== (splice.inserted && depth === splice.scannedKeys.length - 1)) {
        return fail('edit-unproven', `${where}: the splice and the parse disagree on "${key}"`);
      }
    }
    old = old !== undefined && Object.hasOwn(old, key) ? (old as ClaudeConfig)[key] : undefined;
    now = now[key];
  }
  const written = JSON.parse(JSON.stringify(edit.value)) as unknown;
  if (!isDeepStrictEqual(now, written)) {
    return fail('edit-unproven', `${keyPath.join(' → ')}: the new value did not read back`);
  }
  return ok(true);
}
