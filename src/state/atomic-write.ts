/**
 * Atomic document writes: temp file in the same directory, fsync, rename, fsync the
 * directory. A reader sees the old file or the new one, never a torn one.
 */
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { Fs } from '../system/ports.js';

export interface AtomicWriteOptions {
  /** File mode of the new file (default 0o600). */
  mode?: number;
  /** Set `mode` exactly (chmod after create), so the umask cannot narrow it. */
  exactMode?: boolean;
  /** Give the new file this owner (fchown before the rename; needs the right to do so). */
  owner?: { uid: number; gid: number };
  /**
   * Runs after the temp file (`tempPath`, same directory) is durable, just before the rename;
   * a throw aborts the write.
   */
  beforeRename?: (tempPath: string) => Promise<void>;
  /** Runs right after the rename (the file is replaced), before the directory fsync. */
  afterRename?: () => void;
  /**
   * Never replace: hard-link the temp file to `path` instead of renaming (EEXIST, atomically,
   * when anything is there), then remove the temp name.
   */
  noReplace?: boolean;
}

/** Replaces `path` with `data` atomically and durably. */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions,
  deps: { fs: Fs },
): Promise<void> {
  const { fs } = deps;
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(temp, 'wx', options.mode ?? 0o600);
  try {
    try {
      if (options.owner) await handle.chown(options.owner.uid, options.owner.gid);
      if (options.exactMode && options.mode !== undefined) await handle.chmod(options.mode);
      await handle.writeFile(data);
      await handle.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    // Inside the cleanup: a failing close must not leave the temp file behind either.
    await handle.close();
    await options.beforeRename?.(temp);
    if (options.noReplace) await fs.link(temp, path);
    else await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  options.afterRename?.();
  if (options.noReplace) await fs.unlink(temp);
  await syncDirectory(dir, deps);
}

/** fsyncs a directory so a rename inside it survives power loss. */
export async function syncDirectory(dir: string, deps: { fs: Fs }): Promise<void> {
  const handle = await deps.fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes a JSON document atomically with a trailing newline. */
export async function writeJsonAtomic(
  path: string,
  value: unknown,
  options: AtomicWriteOptions,
  deps: { fs: Fs },
): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, options, deps);
}
