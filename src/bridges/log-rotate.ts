/**
 * Size rotation of one live bridge log file (design §5, logs.bridge_log_max_size_mb). The
 * bridge keeps its files open with O_APPEND, so a rename would leave it writing into the
 * rotated copy: rotation is copy-truncate. Invariant: what the bridge writes while the copy is
 * made is read and appended to the copy up to the end of the file, and the truncate follows
 * the read that found that end, so a line is lost only if it is written between that read and
 * the truncate (or, past CATCH_UP_BLOCKS blocks of catch-up, whatever was not read by then).
 * Rotated copies are `<file>.1 … <file>.<keep>` (0600); the file keeps its inode and restarts
 * at size 0, which a tailer sees as a truncation.
 */
import type { Fs } from '../system/ports.js';

type Handle = Awaited<ReturnType<Fs['open']>>;

/** The size of one catch-up read. */
export const BLOCK = 64 * 1024;
/** The catch-up reads at most this many blocks (8 MiB) of what was written during the copy. */
export const CATCH_UP_BLOCKS = 128;

// Appends to `copy` what `source` holds from `from` on, then truncates `source`. The truncate
// follows the read that reached the end of the file at once, before those bytes are written.
async function catchUpThenTruncate(source: Handle, copy: Handle, from: number): Promise<void> {
  const buffer = Buffer.allocUnsafe(BLOCK);
  let pos = from;
  for (let reads = 1; ; reads += 1) {
    const { bytesRead } = await source.read(buffer, 0, BLOCK, pos);
    // A short read of a regular file is its end: nothing more was written at that instant.
    if (bytesRead < BLOCK || reads >= CATCH_UP_BLOCKS) {
      await source.truncate(0);
      if (bytesRead > 0) await copy.write(buffer, 0, bytesRead);
      return;
    }
    await copy.write(buffer, 0, bytesRead);
    pos += bytesRead;
  }
}

// Copies `path` to `rotated`, catches up with what was written meanwhile, then truncates.
async function copyThenTruncate(path: string, rotated: string, deps: { fs: Fs }): Promise<void> {
  await deps.fs.copyFile(path, rotated);
  await deps.fs.chmod(rotated, 0o600);
  const source = await deps.fs.open(path, 'r+');
  try {
    const copy = await deps.fs.open(rotated, 'a');
    try {
      await catchUpThenTruncate(source, copy, (await copy.stat()).size);
    } finally {
      await copy.close();
    }
  } finally {
    await source.close();
  }
}

/** Rotates `path` by copy-truncate when it holds more than `maxBytes`; true if it did. */
export async function rotateIfLarge(
  path: string,
  limits: { maxBytes: number; keep: number },
  deps: { fs: Fs },
): Promise<boolean> {
  let size: number;
  try {
    size = (await deps.fs.stat(path)).size;
  } catch {
    return false;
  }
  if (size <= limits.maxBytes) return false;
  if (limits.keep <= 0) {
    await deps.fs.truncate(path, 0);
    return true;
  }
  await deps.fs.rm(`${path}.${limits.keep}`, { force: true });
  for (let n = limits.keep - 1; n >= 1; n -= 1) {
    await deps.fs.rename(`${path}.${n}`, `${path}.${n + 1}`).catch(() => undefined);
  }
  await copyThenTruncate(path, `${path}.1`, deps);
  return true;
}
