/**
 * Where bridges.json lives on disk, and where a damaged one is set aside. Invariants: a
 * symlinked bridges.json is read and written where it points, and a link whose target is
 * missing is refused, never replaced by a regular file (a volume that is not mounted must not
 * look like "no bridges"); a set-aside copy never replaces an earlier one.
 */
import { errnoCode } from '../fs-errors.js';
import { writeFileAtomic } from '../state/atomic-write.js';
import type { Clock, Fs } from '../system/ports.js';

/** A bridges.json symlink whose target cannot be reached: the dashboard refuses to start. */
export class RegistryLinkError extends Error {
  constructor(path: string, target: string, cause: string) {
    super(
      `${path} is a symlink to ${target}, which cannot be read (${cause}); is the volume mounted? ` +
        'remove the link to start with no records',
    );
    this.name = 'RegistryLinkError';
  }
}

/**
 * The file that holds the registry: `path` itself (also when nothing is there), or the file
 * its symlink resolves to. Throws RegistryLinkError for a link that does not resolve.
 */
export async function resolveRegistryFile(path: string, deps: { fs: Fs }): Promise<string> {
  let isLink: boolean;
  try {
    isLink = (await deps.fs.lstat(path)).isSymbolicLink();
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return path;
    throw error;
  }
  if (!isLink) return path;
  const target = await deps.fs.readlink(path).catch(() => '(unreadable link)');
  try {
    return await deps.fs.realpath(path);
  } catch (error) {
    throw new RegistryLinkError(path, target, errnoCode(error) ?? String(error));
  }
}

/** `20260701T100000Z`: a UTC time that sorts and fits in a file name. */
function stamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

const MAX_TRIES = 100;

/**
 * Saves `bytes` durably as `<path>.corrupt-<UTC time>` (`-2`, `-3`… when taken), created
 * exclusively so an earlier copy is never overwritten; returns the copy's path.
 */
export async function setAsideCopy(
  path: string,
  bytes: Uint8Array,
  deps: { fs: Fs; clock?: Clock },
): Promise<string> {
  const base = `${path}.corrupt-${stamp(deps.clock?.now() ?? Date.now())}`;
  for (let n = 1; n <= MAX_TRIES; n += 1) {
    const copy = n === 1 ? base : `${base}-${n}`;
    try {
      await writeFileAtomic(copy, bytes, { mode: 0o600, noReplace: true }, deps);
      return copy;
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw error;
    }
  }
  throw new Error(`${base}: ${MAX_TRIES} set-aside copies of this second exist already`);
}
