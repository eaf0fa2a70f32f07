/**
 * Filesystem error codes read the same way everywhere, and the small fs helpers built on them
 * (core and edge may both import this).
 */
import type { Fs } from './system/ports.js';

/** The errno code of a filesystem error (`ENOENT`, `EACCES`, …), or undefined. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when `error` says the path (or a folder on it) does not exist. */
export function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** `lstat` of `path`, or null when nothing is there (never follows a link). */
export async function lstatOrNull(path: string, fs: Pick<Fs, 'lstat'>) {
  try {
    return await fs.lstat(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error;
  }
}

/** True when `path` is a symbolic link whose target cannot be reached. */
export async function isDanglingLink(
  path: string,
  fs: Pick<Fs, 'lstat' | 'stat'>,
): Promise<boolean> {
  const info = await fs.lstat(path).catch(() => null);
  if (info === null || !info.isSymbolicLink()) return false;
  return fs.stat(path).then(
    () => false,
    () => true,
  );
}
