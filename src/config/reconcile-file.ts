/**
 * `clauster config reconcile` on the file itself. Invariant: the file is read once (its real
 * path, its bytes); the rewrite must load to the same settings and pass the full config
 * check; the backup holds the bytes read (0600); the atomic write keeps the file's mode and
 * owner and happens only while the file still holds those bytes; old backups are pruned only
 * after a successful write. Any refusal writes nothing.
 */
import { writeFileAtomic } from '../state/atomic-write.js';
import type { Clock, Env, Fs, Lookup } from '../system/ports.js';
import { backupConfigFile, MAX_CONFIG_BACKUPS, pruneConfigBackups } from './config-backup.js';
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
}

export interface ReconcileFileOptions {
  dryRun: boolean;
  cwd: string;
  /** This process's uid and gid, to keep the file's owner. */
  user: { uid: number; gid: number };
}

type ReconcileDeps = { fs: Fs; clock: Clock; env: Env; home: string; lookup: Lookup };

class ChangedMeanwhile extends Error {}

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
  const { changes, text } = reconcileConfigText(read.text);
  result.changes = changes;
  if (changes.length === 0) return result;
  const meaning = checkSameMeaning(read.text, text, target);
  if (!meaning.ok) {
    return refuse(result, meaning.which === 'original' ? 'refused' : 'meaning', meaning.problems);
  }
  const checkOptions = { cwd: options.cwd, configPath: target };
  const verdict = await checkConfig(checkOptions, { ...deps, fs: overlay(deps.fs, target, text) });
  if (!verdict.ok) {
    const old = await checkConfig(checkOptions, {
      ...deps,
      fs: overlay(deps.fs, target, read.text),
    });
    return old.ok
      ? refuse(result, 'check', verdict.problems)
      : refuse(result, 'refused', old.problems);
  }
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
  const { read, user } = input;
  const sameOwner = read.uid === user.uid && read.gid === user.gid;
  // A rename makes a new inode owned by this process: keep the owner, or refuse.
  if (!sameOwner && user.uid !== 0 && user.uid !== read.uid)
    return refuse(result, 'owner', [ownerProblem(read, user)]);
  const backup = await backupConfigFile(result.target, read.bytes, deps);
  try {
    await writeFileAtomic(
      result.target,
      input.text,
      {
        mode: read.mode,
        exactMode: true,
        ...(sameOwner ? {} : { owner: { uid: read.uid, gid: read.gid } }),
        beforeRename: () => assertUnchanged(result.target, read.bytes, deps),
      },
      deps,
    );
  } catch (error) {
    await deps.fs.rm(backup, { force: true });
    if (error instanceof ChangedMeanwhile)
      return refuse(result, 'changed', [changedProblem(result.target)]);
    if (!sameOwner && (error as NodeJS.ErrnoException).code === 'EPERM')
      return refuse(result, 'owner', [ownerProblem(read, user)]);
    throw error;
  }
  result.written = true;
  result.backup = backup;
  await pruneConfigBackups(result.target, { keep: MAX_CONFIG_BACKUPS, newest: backup }, deps);
  return result;
}

async function assertUnchanged(path: string, bytes: Buffer, deps: { fs: Fs }): Promise<void> {
  let now: Buffer;
  try {
    now = await deps.fs.readFile(path);
  } catch (error) {
    throw new ChangedMeanwhile('gone', { cause: error });
  }
  if (!now.equals(bytes)) throw new ChangedMeanwhile('changed');
}

function refuse(
  result: ReconcileFileResult,
  reason: ReconcileRefusal,
  problems: ConfigProblem[],
): ReconcileFileResult {
  return { ...result, refusal: { reason, problems } };
}

function ownerProblem(read: ConfigFileText, user: { uid: number; gid: number }): ConfigProblem {
  return {
    path: '(file)',
    expected: `to run as the file's owner (uid ${read.uid}, gid ${read.gid}) or as root`,
    found: `uid ${user.uid}, gid ${user.gid}`,
  };
}

function changedProblem(path: string): ConfigProblem {
  return {
    path: '(file)',
    expected: 'the file as it was read',
    found: `${path} changed meanwhile; run reconcile again`,
  };
}

/** `fs` that reads `text` for `path`, so a candidate is checked before anything is written. */
function overlay(fs: Fs, path: string, text: string): Fs {
  const readFile = ((file: unknown, options: unknown) => {
    if (file !== path)
      return (fs.readFile as (f: unknown, o: unknown) => Promise<unknown>)(file, options);
    return Promise.resolve(options === undefined ? Buffer.from(text) : text);
  }) as Fs['readFile'];
  return { ...fs, readFile };
}
