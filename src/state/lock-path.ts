/**
 * What stands at state_dir/instance.lock when it cannot be read as a lock. Invariant: one
 * judgement for `clauster run` (acquireInstanceLock() refuses) and doctor's state-files row;
 * nothing here changes the path: a directory or link no clauster wrote is left for the
 * operator to remove.
 */
import { errnoCode } from '../fs-errors.js';
import type { Fs } from '../system/ports.js';
import { NOT_REGULAR_FILE, readRegularFile } from './regular-file.js';

/**
 * Why the lock path is no lock; `unreadable`: a regular file (or an lstat error) not read;
 * `not-a-file`: a FIFO, socket or device (never opened: a read of a FIFO blocks for good).
 */
export type LockPathFault =
  | { kind: 'unreadable'; code: string }
  | { kind: 'directory' }
  | { kind: 'symlink' }
  | { kind: 'not-a-file' };

/** Raised when the lock's path holds something no clauster writes there (left alone). */
export class LockPathError extends Error {
  readonly code = 'lock-path-invalid' as const;
  constructor(message: string) {
    super(message);
    this.name = 'LockPathError';
  }
}

/**
 * What stands at the lock path once a read of it failed with `code`, by lstat alone: null when
 * nothing does (gone meanwhile), `unreadable` for a regular file, else what it is.
 */
async function judgeUnreadLock(path: string, code: string, fs: Fs): Promise<LockPathFault | null> {
  const info = await fs.lstat(path).catch((error: unknown) => errnoCode(error) ?? 'error');
  if (info === 'ENOENT') return null;
  if (typeof info === 'string' || info.isFile()) return { kind: 'unreadable', code };
  if (info.isDirectory()) return { kind: 'directory' };
  return info.isSymbolicLink() ? { kind: 'symlink' } : { kind: 'not-a-file' };
}

/**
 * Null when the lock path reads (a lock, live or stale, or garbage a clauster can replace) or
 * holds nothing; else what stands there. A symbolic link that reads is followed like a file.
 * The path is stat'ed before it is read, so a FIFO there is judged without being opened.
 */
export async function inspectLockPath(path: string, fs: Fs): Promise<LockPathFault | null> {
  try {
    await readRegularFile(path, fs);
    return null;
  } catch (error) {
    return judgeUnreadLock(path, errnoCode(error) ?? 'error', fs);
  }
}

const NAMES = {
  directory: 'a directory',
  symlink: 'a symbolic link',
  'not-a-file': NOT_REGULAR_FILE,
};

/**
 * After a read of the lock path failed: throws LockPathError when a directory, link or other
 * non-file stands there, not a lock any clauster holds, and no retry turns it into one. A
 * regular file that cannot be read (or is gone meanwhile) is left to the caller's next attempt.
 */
export async function refuseNonFile(path: string, fs: Fs): Promise<void> {
  const fault = await judgeUnreadLock(path, 'error', fs);
  if (fault === null || fault.kind === 'unreadable') return;
  throw new LockPathError(
    `${path} is ${NAMES[fault.kind]}, not clauster's lock file; no clauster writes one there: remove it (rm -r ${JSON.stringify(path)}) and start again`,
  );
}
