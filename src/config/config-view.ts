/**
 * What the dashboard's config editor shows: every Tier-A key with the value the FILE holds
 * (or the schema default when the file leaves it out), or, when a `CLAUSTER_*` variable
 * overrides it, the running value marked `env` and read-only. Invariant: only allowlisted
 * keys are read out of the file, so nothing else in it (hashes, secrets) can reach a reply.
 */
import { isDeepStrictEqual } from 'node:util';
import { sha256Hex } from '../sha256.js';
import type { Env, Fs } from '../system/ports.js';
import { describeEditableKey, EDITABLE_KEYS, type EditableKey } from './editable-keys.js';
import { findEnvOverride } from './env-overrides.js';
import type { Config } from './schema.js';
import { parseConfigYaml, readConfigText } from './yaml-file.js';

export type ValueSource = 'file' | 'default' | 'env';

export interface EditorKey extends Omit<EditableKey, 'path'> {
  value: unknown;
  from: ValueSource;
}

export interface EditorView {
  /** The config file, or null when clauster runs on defaults. */
  path: string | null;
  /** sha256 (hex) of the file's bytes; null without a file. */
  sha256: string | null;
  keys: EditorKey[];
  /** True when a key on disk differs from what this process runs with. */
  restart_required: boolean;
}

/** Reads a value at a dotted path of parsed YAML; undefined when any step is missing. */
export function valueAt(raw: unknown, path: readonly string[]): unknown {
  let node = raw;
  for (const step of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = Object.hasOwn(node, step) ? (node as Record<string, unknown>)[step] : undefined;
  }
  return node;
}

/** Builds the editor's view of `path` (null: running on defaults) for a running `config`. */
export async function readEditorView(
  path: string | null,
  running: Config,
  deps: { fs: Fs; env: Env },
): Promise<EditorView> {
  let raw: Record<string, unknown> = {};
  let sha256: string | null = null;
  if (path !== null) {
    const read = await readConfigText(path, deps);
    raw = parseConfigYaml(read.text, path);
    sha256 = sha256Hex(read.bytes);
  }
  let restart = false;
  const keys = EDITABLE_KEYS.map((key): EditorKey => {
    const { path: steps, ...described } = describeEditableKey(key);
    const runningValue = valueAt(running, steps);
    if (findEnvOverride(steps, deps.env) !== null) {
      return { ...described, value: runningValue, from: 'env' };
    }
    const inFile = valueAt(raw, steps);
    const entry: EditorKey =
      inFile === undefined
        ? { ...described, value: described.default, from: 'default' }
        : { ...described, value: inFile, from: 'file' };
    if (!isDeepStrictEqual(entry.value, runningValue)) restart = true;
    return entry;
  });
  return { path, sha256, keys, restart_required: restart };
}
