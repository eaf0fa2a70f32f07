/**
 * The one guarded rewrite of the config file, shared by `clauster config reconcile` and the
 * dashboard's config editor. Invariant: the backup holds the bytes read (0600); the atomic
 * write keeps the file's mode and owner and happens only while the file still holds those
 * bytes; old backups are pruned (MAX_CONFIG_BACKUPS kept) only after a successful write; a
 * refusal leaves the file and the backups as they were. Once the rename happened the write is
 * done: a failing directory fsync or prune after it keeps the backup and is only a warning.
 * Callers run their whole read → check → write inside serialiseConfigFile(real path), so two
 * writes from the same bytes can never both succeed in this process.
 */
import { createKeyedQueue } from '../concurrency.js';
import { writeFileAtomic } from '../state/atomic-write.js';
import { isChownRefused, planOwner } from '../state/file-owner.js';
import { readRegularFile } from '../state/regular-file.js';
import type { Clock, Fs } from '../system/ports.js';
import { backupConfigFile, MAX_CONFIG_BACKUPS, pruneConfigBackups } from './config-backup.js';
import type { ConfigProblem } from './problems.js';
import type { ConfigFileText } from './yaml-file.js';

export type ConfigWriteResult =
  /** `warning`: the file was replaced, but the directory fsync or the prune after it failed. */
  | { ok: true; backup: string; warning: string | null }
  | { ok: false; reason: 'owner' | 'changed'; problems: ConfigProblem[] };

export interface ConfigWriteInput {
  /** The real path (symlinks resolved) that was read. */
  target: string;
  read: ConfigFileText;
  text: string;
  /** This process's uid and gid, to keep the file's owner. */
  user: { uid: number; gid: number };
  /** What the operator should do when the file changed meanwhile. */
  retryHint: string;
}

class ChangedMeanwhile extends Error {}

/** Runs `task` after every earlier task of the same config file (real path) in this process. */
export const serialiseConfigFile = createKeyedQueue();

/** Backs up the bytes read, then replaces the file with `text` if it still holds them. */
export async function writeConfigGuarded(
  input: ConfigWriteInput,
  deps: { fs: Fs; clock: Clock },
): Promise<ConfigWriteResult> {
  const { read, user, target } = input;
  // A rename makes a new inode owned by this process: keep the owner, or refuse.
  const plan = planOwner(read, user);
  if (plan === 'refused')
    return { ok: false, reason: 'owner', problems: [ownerProblem(read, user)] };
  const backup = await backupConfigFile(target, read.bytes, deps);
  let renamed = false;
  try {
    await writeFileAtomic(
      target,
      input.text,
      {
        mode: read.mode,
        exactMode: true,
        ...(plan === 'chown' ? { owner: { uid: read.uid, gid: read.gid } } : {}),
        beforeRename: () => assertUnchanged(target, read.bytes, deps),
        afterRename: () => {
          renamed = true;
        },
      },
      deps,
    );
  } catch (error) {
    // The file is already replaced: the backup is the only copy of the old bytes.
    if (renamed) return { ok: true, backup, warning: afterRenameWarning('fsync', error) };
    await deps.fs.rm(backup, { force: true });
    if (error instanceof ChangedMeanwhile) {
      const found = `${target} changed meanwhile; ${input.retryHint}`;
      const problem = { path: '(file)', expected: 'the file as it was read', found };
      return { ok: false, reason: 'changed', problems: [problem] };
    }
    if (plan === 'chown' && isChownRefused(error))
      return { ok: false, reason: 'owner', problems: [ownerProblem(read, user)] };
    throw error;
  }
  try {
    await pruneConfigBackups(target, { keep: MAX_CONFIG_BACKUPS, newest: backup }, deps);
  } catch (error) {
    return { ok: true, backup, warning: afterRenameWarning('prune', error) };
  }
  return { ok: true, backup, warning: null };
}

function afterRenameWarning(step: 'fsync' | 'prune', error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? 'error';
  return step === 'fsync'
    ? `the file was replaced but syncing its directory failed (${code}); it may not survive a power loss`
    : `the file was replaced but pruning old backups failed (${code}); remove old .bak- files by hand`;
}

async function assertUnchanged(path: string, bytes: Buffer, deps: { fs: Fs }): Promise<void> {
  let now: Buffer;
  try {
    // Stat'ed first: a FIFO swapped in for the file is no longer it (and would block the read).
    now = await readRegularFile(path, deps.fs);
  } catch (error) {
    throw new ChangedMeanwhile('gone', { cause: error });
  }
  if (!now.equals(bytes)) throw new ChangedMeanwhile('changed');
}

function ownerProblem(read: ConfigFileText, user: { uid: number; gid: number }): ConfigProblem {
  return {
    path: '(file)',
    expected: `to run as the file's owner (uid ${read.uid}, gid ${read.gid}) or as root`,
    found: `uid ${user.uid}, gid ${user.gid}`,
  };
}

/** `fs` that reads `text` for `path`, so a candidate is checked before anything is written. */
export function overlayConfigFs(fs: Fs, path: string, text: string): Fs {
  const readFile = ((file: unknown, options: unknown) => {
    if (file !== path)
      return (fs.readFile as (f: unknown, o: unknown) => Promise<unknown>)(file, options);
    return Promise.resolve(options === undefined ? Buffer.from(text) : text);
  }) as Fs['readFile'];
  return { ...fs, readFile };
}
