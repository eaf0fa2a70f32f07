/**
 * state_dir and the single-instance lock (design §1). Invariant: state_dir is 0700; at most
 * one live dashboard holds `instance.lock` (created O_EXCL, 0600); a lock whose holder is
 * dead (pid gone, or pid reused: start ticks / boot id differ) is taken over at once; a lock
 * written in another pid namespace (a dashboard in a container sharing a bind-mounted
 * state_dir, whose pid means nothing here and whose boot id is the host's) is judged by time
 * instead: its holder refreshes the file's mtime every LOCK_REFRESH_MS, so it counts as held
 * until it is FOREIGN_STALE_MS old (or from an earlier boot).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fail, ok, type Result } from '../result.js';
import type { Fs, Processes } from '../system/ports.js';
import { refuseNonFile } from './lock-path.js';
import { readRegularFile } from './regular-file.js';

export const LOCK_FILE = 'instance.lock';

export interface LockRecord {
  schema_version: 1;
  pid: number;
  start_ticks: number;
  boot_id: string;
  /** The holder's pid namespace (`pid:[inode]`), or absent when unknown (older records). */
  pid_ns?: string;
}

/** Where a process finds its own pid namespace (a link whose target names it). */
const OWN_PID_NAMESPACE = '/proc/self/ns/pid';
/** How often a running dashboard refreshes its lock's mtime (InstanceLock.refresh()). */
export const LOCK_REFRESH_MS = 20_000;
/** A lock from another pid namespace not refreshed for this long has lost its holder. */
const FOREIGN_STALE_MS = 90_000;

export interface InstanceLock {
  path: string;
  record: LockRecord;
  /** Removes the lock file if it is still ours. */
  release(): Promise<void>;
  /** Touches the lock file's mtime if it is still ours (for holders in other namespaces). */
  refresh(): Promise<void>;
}

/** Creates `dir` (and parents) with mode 0700, tightening an existing wider mode. */
export async function prepareStateDir(dir: string, deps: { fs: Fs }): Promise<void> {
  await deps.fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const stat = await deps.fs.stat(dir);
  if ((stat.mode & 0o077) !== 0) await deps.fs.chmod(dir, 0o700);
}

function parseRecord(text: string): LockRecord | null {
  try {
    const value = JSON.parse(text) as Partial<LockRecord>;
    if (typeof value.pid !== 'number' || typeof value.start_ticks !== 'number') return null;
    if (typeof value.boot_id !== 'string') return null;
    return {
      schema_version: 1,
      pid: value.pid,
      start_ticks: value.start_ticks,
      boot_id: value.boot_id,
      ...(typeof value.pid_ns === 'string' ? { pid_ns: value.pid_ns } : {}),
    };
  } catch {
    return null;
  }
}

async function isHolderAlive(record: LockRecord, processes: Processes): Promise<boolean> {
  const identity = await processes.identity(record.pid);
  return (
    identity !== null &&
    identity.startTicks === record.start_ticks &&
    identity.bootId === record.boot_id
  );
}

async function createExclusive(path: string, record: LockRecord, fs: Fs): Promise<boolean> {
  let handle: Awaited<ReturnType<Fs['open']>>;
  try {
    handle = await fs.open(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(`${JSON.stringify(record)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

/** Moves a stale lock aside; false when the file changed under us (someone else won). */
async function removeStale(path: string, seen: string, fs: Fs): Promise<boolean> {
  const aside = `${path}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await fs.rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  const moved = await readRegularFile(aside, fs, 'utf8').catch(() => '');
  if (moved !== seen) {
    await fs.rename(aside, path).catch(() => {});
    return false;
  }
  await fs.rm(aside, { force: true });
  return true;
}

/**
 * A holder in another pid namespace: its pid cannot be looked up here, but a lock from an
 * earlier boot is dead (containers share the host's boot id), and a live holder keeps the
 * file's mtime fresh.
 */
async function isForeignHolderAlive(
  holder: LockRecord,
  own: { bootId: string; path: string },
  fs: Fs,
): Promise<boolean> {
  if (holder.boot_id !== '' && own.bootId !== '' && holder.boot_id !== own.bootId) return false;
  const stat = await fs.stat(own.path).catch(() => null);
  return stat !== null && Date.now() - stat.mtimeMs < FOREIGN_STALE_MS;
}

/** Whether `holder` still holds the lock, judged as acquireInstanceLock() judges it. */
async function judgeHolder(
  holder: LockRecord,
  own: { namespace: string | null; bootId: string; path: string },
  deps: { fs: Fs; processes: Processes },
): Promise<{ alive: boolean; foreign: boolean }> {
  const foreign =
    holder.pid_ns !== undefined && own.namespace !== null && holder.pid_ns !== own.namespace;
  const alive = foreign
    ? await isForeignHolderAlive(holder, own, deps.fs)
    : await isHolderAlive(holder, deps.processes);
  return { alive, foreign };
}

/** This process's pid namespace and boot id, as a lock records them. */
async function readOwn(
  self: { pid: number },
  path: string,
  deps: { fs: Fs; processes: Processes },
) {
  const identity = await deps.processes.identity(self.pid);
  const namespace = await deps.fs.readlink(OWN_PID_NAMESPACE).catch(() => null);
  return { identity, namespace, bootId: identity?.bootId ?? '', path };
}

/**
 * The live holder of `stateDir`'s lock as `pid N` (with the namespace hint), or null when it
 * is free or stale (for doctor; the same judgement as acquireInstanceLock()).
 */
export async function describeLiveHolder(
  stateDir: string,
  self: { pid: number },
  deps: { fs: Fs; processes: Processes },
): Promise<string | null> {
  const path = join(stateDir, LOCK_FILE);
  // Stat'ed before the read: a FIFO there (never a lock) would block the read for good.
  const holder = parseRecord(await readRegularFile(path, deps.fs, 'utf8').catch(() => ''));
  if (holder === null) return null;
  const judged = await judgeHolder(holder, await readOwn(self, path, deps), deps);
  return judged.alive ? describeHolder(holder, path, judged.foreign) : null;
}

/** How a refusal names the holder: `pid N`, and where that pid lives when not here. */
function describeHolder(holder: LockRecord, path: string, foreign: boolean): string {
  if (!foreign) return `pid ${holder.pid}`;
  return `pid ${holder.pid} in another pid namespace, e.g. a container (its lock was refreshed in the last ${FOREIGN_STALE_MS / 1000} s); if no clauster runs there, wait or delete ${path}`;
}

/**
 * Takes the single-instance lock in `stateDir` for `self`. Fails with `locked` (detail: the
 * holder, `pid N`, with a hint when it is in another pid namespace) when a live dashboard
 * holds it (for a holder in another pid namespace: the lock was refreshed lately).
 */
export async function acquireInstanceLock(
  stateDir: string,
  self: { pid: number },
  deps: { fs: Fs; processes: Processes },
): Promise<Result<InstanceLock, 'locked'>> {
  const path = join(stateDir, LOCK_FILE);
  const own = await readOwn(self, path, deps);
  const { identity, namespace } = own;
  const record: LockRecord = {
    schema_version: 1,
    pid: self.pid,
    start_ticks: identity?.startTicks ?? 0,
    boot_id: identity?.bootId ?? '',
    ...(namespace === null ? {} : { pid_ns: namespace }),
  };
  const mine = `${JSON.stringify(record)}\n`;
  const release = async (): Promise<void> => {
    const current = await readRegularFile(path, deps.fs, 'utf8').catch(() => null);
    if (current === mine) await deps.fs.rm(path, { force: true });
  };
  const refresh = async (): Promise<void> => {
    const handle = await deps.fs.open(path, 'r+').catch(() => null);
    if (handle === null) return;
    try {
      // Only a regular file is read: a FIFO opened r+ would wait for data for good.
      if (!(await handle.stat()).isFile()) return;
      if ((await handle.readFile('utf8')) !== mine) return;
      const now = new Date();
      await handle.utimes(now, now);
    } finally {
      await handle.close();
    }
  };
  for (let attempt = 0; attempt < 5; attempt += 1) {
    if (await createExclusive(path, record, deps.fs)) {
      return ok({ path, record, release, refresh });
    }
    // Stat'ed before the read: a FIFO there is refused below (refuseNonFile), never opened.
    const seen = await readRegularFile(path, deps.fs, 'utf8').catch(() => null);
    if (seen === null) {
      await refuseNonFile(path, deps.fs);
      continue;
    }
    const holder = parseRecord(seen);
    // A torn/empty file may be a holder between create and write: look again shortly.
    if (holder === null && attempt < 2) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    if (holder !== null) {
      const judged = await judgeHolder(holder, own, deps);
      if (judged.alive) return fail('locked', describeHolder(holder, path, judged.foreign));
    }
    if (!(await removeStale(path, seen, deps.fs))) continue;
  }
  return fail('locked', 'unknown');
}
