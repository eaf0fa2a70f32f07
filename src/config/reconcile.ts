/**
 * `clauster config reconcile`: rewrite the keys clauster only accepts with a warning, through
 * the yaml Document API so comments and key order survive. Invariant: the legacy key list is
 * LEGACY_SECTIONS/LEGACY_KEYS (never a copy), and a change names key paths, never values —
 * the one exception is the `usage.show_cost` boolean and the `usage.mode` it maps to.
 */
import {
  type Document,
  isCollection,
  isMap,
  isPair,
  isScalar,
  parseDocument,
  Scalar,
  type YAMLMap,
} from 'yaml';
import { LEGACY_KEYS, LEGACY_SECTIONS, showCostMode } from './legacy-keys.js';

export interface ReconcileChange {
  /** Dotted key path in the file (`claude.launch_mode`). */
  path: string;
  action: 'removed' | 'mapped';
  /** One line for the operator, free of values other than the show_cost mapping. */
  message: string;
}

export interface ReconcileResult {
  changes: ReconcileChange[];
  /** The new file text; equal to the input when there is no change. */
  text: string;
}

/** Computes the reconciled text of a config file (the caller has checked it loads). */
export function reconcileConfigText(text: string): ReconcileResult {
  const doc = parseDocument(text, { uniqueKeys: true, strict: true });
  if (!isMap(doc.contents)) return { changes: [], text };
  const changes: ReconcileChange[] = [];
  for (const section of LEGACY_SECTIONS) {
    if (!doc.contents.has(section)) continue;
    deletePair(doc, [], section);
    changes.push(removed(section, 'not implemented'));
  }
  for (const [section, keys] of Object.entries(LEGACY_KEYS)) {
    const steps = section.split('.');
    const map = doc.getIn(steps, true);
    if (!isMap(map)) continue;
    const before = changes.length;
    for (const key of keys) {
      if (!map.has(key)) continue;
      const path = `${section}.${key}`;
      if (path === 'usage.show_cost') changes.push(mapShowCost(doc, steps, map));
      else changes.push(removeKey(doc, steps, key));
    }
    if (changes.length > before && map.items.length === 0) dropEmpty(doc, steps);
  }
  if (changes.length === 0) return { changes, text };
  return { changes, text: doc.toString(renderOptions(text)) };
}

function removed(path: string, why: string): ReconcileChange {
  return { path, action: 'removed', message: `removed ${path} (${why})` };
}

function removeKey(doc: Document, steps: readonly string[], key: string): ReconcileChange {
  deletePair(doc, steps, key);
  return removed([...steps, key].join('.'), 'not implemented');
}

/**
 * Deletes `key` from the mapping at `steps`. Comment lines above it may introduce what
 * follows (a file header), and comment lines after its contents (yaml hangs them on the
 * removed collection, down to its last item) may head the next section: both move to the
 * next key, or after the mapping when it was the last. Its inline comment goes with it.
 */
function deletePair(doc: Document, steps: readonly string[], key: string): void {
  const map = steps.length === 0 ? doc.contents : doc.getIn(steps, true);
  if (!isMap(map)) return;
  const index = map.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === key);
  const [pair] = index === -1 ? [] : map.items.splice(index, 1);
  if (!pair || !isScalar(pair.key)) return;
  const { spaceBefore } = pair.key;
  // An emptied section may hold comments moved there from its own removed keys.
  const inner = isMap(pair.value) && pair.value.items.length === 0 ? pair.value : null;
  const commentBefore = joinComments(
    joinComments(pair.key.commentBefore, inner?.commentBefore),
    trailingComment(pair.value),
  );
  const next = map.items[index]?.key;
  if (isScalar(next)) {
    next.commentBefore = joinComments(commentBefore, next.commentBefore);
    next.spaceBefore = next.spaceBefore || spaceBefore;
  } else if (commentBefore) {
    const owner = steps.length === 0 ? doc : map;
    owner.comment = joinComments(commentBefore, owner.comment);
  }
}

/** The comment lines after a collection's contents, innermost (first in the file) first. */
function trailingComment(node: unknown): string | null {
  if (!isCollection(node)) return null;
  const last = node.items.at(-1);
  const inner = trailingComment(isPair(last) ? last.value : last);
  return joinComments(inner, node.comment);
}

function joinComments(first?: string | null, second?: string | null): string | null {
  if (!first) return second ?? null;
  return second ? `${first}\n${second}` : first;
}

/**
 * `show_cost` becomes `mode:` in place (its comments stay) unless the file already sets
 * `usage.mode`. The value is a fresh plain scalar, so no tag (`!!bool`) or style carries over.
 */
function mapShowCost(doc: Document, steps: readonly string[], usage: YAMLMap): ReconcileChange {
  const value = usage.get('show_cost');
  const mode = showCostMode(value, usage.has('mode'));
  if (mode === null) {
    deletePair(doc, steps, 'show_cost');
    const why = usage.has('mode') ? 'usage.mode is already set' : 'not true or false';
    return removed('usage.show_cost', why);
  }
  const pair = usage.items.find((item) => isScalar(item.key) && item.key.value === 'show_cost');
  if (pair && isScalar(pair.key) && isScalar(pair.value)) {
    pair.key = withComments(new Scalar('mode'), pair.key);
    pair.value = withComments(new Scalar(mode), pair.value);
  }
  return {
    path: 'usage.show_cost',
    action: 'mapped',
    message: `usage.show_cost: ${value} → usage.mode: ${mode}`,
  };
}

function withComments(fresh: Scalar, old: Scalar): Scalar {
  fresh.commentBefore = old.commentBefore;
  fresh.comment = old.comment;
  fresh.spaceBefore = old.spaceBefore;
  return fresh;
}

/** A section left empty by the removals goes too, so the file does not keep `events: {}`. */
function dropEmpty(doc: Document, steps: readonly string[]): void {
  for (let depth = steps.length; depth > 0; depth -= 1) {
    const node = doc.getIn(steps.slice(0, depth), true);
    if (!isMap(node) || node.items.length > 0) return;
    deletePair(doc, steps.slice(0, depth - 1), steps[depth - 1] ?? '');
  }
}

/** Renders like the source: its indent and list style, no folding of long lines. */
export function renderOptions(text: string) {
  const indents = [...text.matchAll(/^( +)[^\s#-]/gm)].map((m) => m[1]?.length ?? 2);
  const indent = indents.length > 0 ? Math.min(...indents) : 2;
  const indentSeq = !/^( *)[^\s#][^\n]*:[ \t]*\n\1- /m.test(text);
  return { indent, indentSeq, lineWidth: 0, flowCollectionPadding: false };
}
