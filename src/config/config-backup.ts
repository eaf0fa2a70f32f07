/**
 * Backups of the config file before clauster rewrites it: `<file>.bak-<UTC timestamp>` next
 * to it, always mode 0600 whatever the file's mode (it holds the password hash and the keys
 * being removed), at most MAX_CONFIG_BACKUPS kept; the oldest go first, never the new one.
 */
import { basename, dirname, join } from 'node:path';
import type { Clock, Fs } from '../system/ports.js';

export const MAX_CONFIG_BACKUPS = 5;

const STAMP = /^(\d{8}T\d{6}Z)(?:-(\d+))?$/;

/** `20250102T030405Z` for a time in milliseconds. */
function formatBackupStamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/**
 * Writes `bytes` (the file as it was read) to a new backup next to `path`, never over an
 * existing file, durably and 0600; returns its path.
 */
export async function backupConfigFile(
  path: string,
  bytes: Uint8Array,
  deps: { fs: Fs; clock: Clock },
): Promise<string> {
  const base = `${path}.bak-${formatBackupStamp(deps.clock.now())}`;
  for (let n = 1; ; n += 1) {
    const target = n === 1 ? base : `${base}-${n}`;
    let handle: Awaited<ReturnType<Fs['open']>>;
    try {
      handle = await deps.fs.open(target, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && n < 100) continue;
      throw error;
    }
    try {
      // open() applies the umask; the backup is 0600 exactly.
      await handle.chmod(0o600);
      await handle.writeFile(bytes);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await deps.fs.rm(target, { force: true });
      throw error;
    }
    await handle.close();
    return target;
  }
}

/**
 * Removes the oldest backups of `path` so `keep` remain, counting `newest` (the one just
 * made), which is never removed: a clock set back would otherwise sort it oldest.
 */
export async function pruneConfigBackups(
  path: string,
  options: { keep: number; newest: string },
  deps: { fs: Fs },
): Promise<string[]> {
  const prefix = `${basename(path)}.bak-`;
  const stamped: { name: string; stamp: string; n: number }[] = [];
  for (const name of await deps.fs.readdir(dirname(path))) {
    if (!name.startsWith(prefix) || name === basename(options.newest)) continue;
    const match = STAMP.exec(name.slice(prefix.length));
    if (match?.[1] === undefined) continue;
    stamped.push({ name, stamp: match[1], n: Number(match[2] ?? 1) });
  }
  stamped.sort((x, y) => (x.stamp === y.stamp ? x.n - y.n : x.stamp < y.stamp ? -1 : 1));
  const removed: string[] = [];
  for (const old of stamped.slice(0, Math.max(0, stamped.length - (options.keep - 1)))) {
    const target = join(dirname(path), old.name);
    await deps.fs.rm(target, { force: true });
    removed.push(target);
  }
  return removed;
}
