/**
 * Backups of the config file before clauster rewrites it: `<file>.bak-<UTC timestamp>` next
 * to it, with the file's own mode (it may hold a password hash), at most MAX_CONFIG_BACKUPS
 * kept; the oldest go first.
 */
import { basename, dirname, join } from 'node:path';
import type { Clock, Fs } from '../system/ports.js';

export const MAX_CONFIG_BACKUPS = 5;

const STAMP = /^(\d{8}T\d{6}Z)(?:-(\d+))?$/;

/** `20250102T030405Z` for a time in milliseconds. */
export function formatBackupStamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** Copies `path` to a new backup (never over an existing file) and returns its path. */
export async function backupConfigFile(
  path: string,
  mode: number,
  deps: { fs: Fs; clock: Clock },
): Promise<string> {
  const base = `${path}.bak-${formatBackupStamp(deps.clock.now())}`;
  for (let n = 1; ; n += 1) {
    const target = n === 1 ? base : `${base}-${n}`;
    try {
      await deps.fs.copyFile(path, target, deps.fs.constants.COPYFILE_EXCL);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && n < 100) continue;
      throw error;
    }
    await deps.fs.chmod(target, mode);
    return target;
  }
}

/** Removes the oldest backups of `path` beyond `keep`; returns the removed paths. */
export async function pruneConfigBackups(
  path: string,
  keep: number,
  deps: { fs: Fs },
): Promise<string[]> {
  const prefix = `${basename(path)}.bak-`;
  const stamped: { name: string; stamp: string; n: number }[] = [];
  for (const name of await deps.fs.readdir(dirname(path))) {
    if (!name.startsWith(prefix)) continue;
    const match = STAMP.exec(name.slice(prefix.length));
    if (match?.[1] === undefined) continue;
    stamped.push({ name, stamp: match[1], n: Number(match[2] ?? 1) });
  }
  stamped.sort((x, y) => (x.stamp === y.stamp ? x.n - y.n : x.stamp < y.stamp ? -1 : 1));
  const removed: string[] = [];
  for (const old of stamped.slice(0, Math.max(0, stamped.length - keep))) {
    const target = join(dirname(path), old.name);
    await deps.fs.rm(target, { force: true });
    removed.push(target);
  }
  return removed;
}
