/**
 * Reading a file clauster keeps (a state_dir document, its lock, its secret, its config)
 * without ever blocking on what stands in its place. Invariant: a FIFO, socket or device at
 * the path is refused before it is opened: `readFile` on a FIFO waits for a writer forever,
 * and the libuv thread it blocks keeps the process from exiting too.
 */
import type { Fs } from '../system/ports.js';

/** The words callers put after a path they refuse (`<path> is not a regular file …`). */
export const NOT_REGULAR_FILE = 'not a regular file (a FIFO? a device?)';

/** Raised instead of reading a FIFO, socket or device where clauster expects a file. */
export class NotRegularFileError extends Error {
  readonly code = 'not-regular-file' as const;
  readonly path: string;
  constructor(path: string) {
    super(`${path} is ${NOT_REGULAR_FILE}: remove it`);
    this.name = 'NotRegularFileError';
    this.path = path;
  }
}

/**
 * `fs.readFile(path)` after a `stat` (which follows a link, as the read does) refuses a
 * FIFO, socket or device with NotRegularFileError. Every other outcome is the read's own: a
 * missing path or dangling link fails with ENOENT from the stat, a directory with EISDIR
 * from the read, as before this check.
 */
export async function readRegularFile(
  path: string,
  fs: Pick<Fs, 'stat' | 'readFile'>,
): Promise<Buffer>;
export async function readRegularFile(
  path: string,
  fs: Pick<Fs, 'stat' | 'readFile'>,
  encoding: 'utf8',
): Promise<string>;
export async function readRegularFile(
  path: string,
  fs: Pick<Fs, 'stat' | 'readFile'>,
  encoding?: 'utf8',
): Promise<Buffer | string> {
  const info = await fs.stat(path);
  if (!info.isFile() && !info.isDirectory()) throw new NotRegularFileError(path);
  return encoding === undefined ? fs.readFile(path) : fs.readFile(path, encoding);
}

/**
 * Opens `path` read-only without waiting on a FIFO (O_NONBLOCK, which a regular file ignores)
 * and refuses what is not a regular file (a directory is left to the reads, as before) with
 * NotRegularFileError, closing it first. For files read in pieces (bridge logs).
 */
export async function openRegularFile(
  path: string,
  fs: Pick<Fs, 'open' | 'constants'>,
): Promise<Awaited<ReturnType<Fs['open']>>> {
  const { O_RDONLY, O_NONBLOCK = 0 } = fs.constants;
  const handle = await fs.open(path, O_RDONLY | O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile() && !info.isDirectory()) throw new NotRegularFileError(path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
  return handle;
}
