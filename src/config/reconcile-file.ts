/**
 * `clauster config reconcile` on the file itself. Invariant: the file is read once (its real
 * path, its bytes); those bytes must pass the full config check first, on every path (else
 * `refused`, even with nothing to rewrite); the rewrite must load to the same settings and
 * pass the check too; it is written by writeConfigGuarded (config-write.ts: backup 0600,
 * atomic, only while the file still holds the bytes read, owner kept). Any refusal writes
 * nothing.
 */
import type { Clock, Env, Fs, Lookup } from '../system/ports.js';
import { overlayConfigFs, serialiseConfigFile, writeConfigGuarded } from './config-write.js';
import { ConfigError, type ConfigProblem } from './problems.js';
import { type ReconcileChange, reconcileConfigText } from './reconcile.js';
import { type DiffHunk, diffConfigLines } from './reconcile-diff.js';
import { checkSameMeaning } from './reconcile-meaning.js';
import { checkConfig } from './verdict.js';
import { type ConfigFileText, parseConfigYaml, readConfigText } from './yaml-file.js';

/**
 * Why nothing was written: `load` the file does not load, `refused` the config check already
 * refuses it, `meaning` the rewrite would change a setting, `check` the rewrite would not
 * pass the check, `owner` the file's owner cannot be kept, `changed` it changed meanwhile.
 */
export type ReconcileRefusal = 'load' | 'refused' | 'meaning' | 'check' | 'owner' | 'changed';

export interface ReconcileFileResult {
  /** The real path (symlinks resolved): what was read, checked, backed up and written. */
  target: string;
  changes: ReconcileChange[];
  /** The changed lines, values masked (dry run only). */
  diff: DiffHunk[] | null;
  written: boolean;
  backup: string | null;
  refusal: { reason: ReconcileRefusal; problems: ConfigProblem[] } | null;
  /** Written, but the directory fsync or the backup prune after the rename failed. */
  warning?: string;
}

export interface ReconcileFileOptions {
  dryRun: boolean;
  cwd: string;
  /** This process's uid and gid, to keep the file's owner. */
  user: { uid: number; gid: number };
}

type ReconcileDeps = { fs: Fs; clock: Clock; env: Env; home: string; lookup: Lookup };

/** Reconciles the config file at `path`; null when there is no file there. */
export async function reconcileConfigFile(
  path: string,
  options: ReconcileFileOptions,
  deps: ReconcileDeps,
): Promise<ReconcileFileResult | null> {
  let target: string;
  try {
    target = await deps.fs.realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const result: ReconcileFileResult = {
    target,
    changes: [],
    diff: null,
    written: false,
    backup: null,
    refusal: null,
  };
  let read: ConfigFileText;
  try {
    read = await readConfigText(target, deps);
    parseConfigYaml(read.text, target);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return refuse(result, 'load', [...error.problems]);
  }
  const checkOptions = { cwd: options.cwd, configPath: target };
  // The bytes read are checked first, on every path: a refused config is never reported as
  // "nothing to reconcile" and never rewritten, whatever the rewrite would have been.
  const before = await checkConfig(checkOptions, {
    ...deps,
    fs: overlayConfigFs(deps.fs, target, read.text),
  });
  const { changes, text } = reconcileConfigText(read.text);
  result.changes = changes;
  if (!before.ok) return refuse(result, 'refused', before.problems);
  if (changes.length === 0) return result;
  const meaning = checkSameMeaning(read.text, text, target);
  if (!meaning.ok) {
    return refuse(result, meaning.which === 'original' ? 'refused' : 'meaning', meaning.problems);
  }
  const verdict = await checkConfig(checkOptions, {
    ...deps,
    fs: overlayConfigFs(deps.fs, target, text),
  });
  if (!verdict.ok) return refuse(result, 'check', verdict.problems);
  if (options.dryRun) {
    result.diff = diffConfigLines(read.text, text);
    return result;
  }
  return writeReconciled(result, { read, text, user: options.user }, deps);
}

async function writeReconciled(
  result: ReconcileFileResult,
  input: { read: ConfigFileText; text: string; user: { uid: number; gid: number } },
  deps: ReconcileDeps,
): Promise<ReconcileFileResult> {
  // Serialised with the dashboard's edits; the guard re-checks the bytes inside the turn.
  const written = await serialiseConfigFile(result.target, () =>
    writeConfigGuarded({ ...input, target: result.target, retryHint: 'run reconcile again' }, deps),
  );
  if (!written.ok) return refuse(result, written.reason, written.problems);
  const done = { ...result, written: true, backup: written.backup };
  return written.warning === null ? done : { ...done, warning: written.warning };
}

function refuse(
  result: ReconcileFileResult,
  reason: ReconcileRefusal,
  problems: ConfigProblem[],
): ReconcileFileResult {
  return { ...result, refusal: { reason, problems } };
}
