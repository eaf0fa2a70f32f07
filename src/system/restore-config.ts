/**
 * The `--config-out` target of `clauster restore`. Invariant: an existing file is replaced only
 * with `force`, never through a symbolic link (a link at the target is refused even with
 * `force`), and the new file appears whole, mode 0600, by temp file + rename in its directory
 * (on a filesystem without hard links, a new file is created exclusively instead).
 */
import { dirname } from 'node:path';
import { lstatOrNull } from '../fs-errors.js';
import { syncDirectory, writeFileAtomic } from '../state/atomic-write.js';
import type { Fs } from './ports.js';

export type ConfigOutRefusal = 'config-out-exists' | 'config-out-unsafe';

export class ConfigOutError extends Error {
  constructor(
    readonly code: ConfigOutRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'ConfigOutError';
  }
}

/** Refuses a target restore must not write (checked before anything is restored). */
export async function checkConfigOut(
  path: string,
  force: boolean,
  deps: { fs: Fs },
): Promise<void> {
  const found = await lstatOrNull(path, deps.fs);
  if (found === null) {
    const parent = await deps.fs.stat(dirname(path)).catch(() => null);
    if (!parent?.isDirectory()) {
      throw new ConfigOutError(
        'config-out-unsafe',
        `--config-out ${path}: directory ${dirname(path)} does not exist; create it or pick another path`,
      );
    }
    return;
  }
  if (found.isSymbolicLink()) {
    throw new ConfigOutError(
      'config-out-unsafe',
      `--config-out ${path} is a symbolic link; restore never writes through a link (also not with --force): remove the link or pick another path`,
    );
  }
  if (!found.isFile()) {
    throw new ConfigOutError(
      'config-out-unsafe',
      `--config-out ${path} exists and is not a regular file; pick another path`,
    );
  }
  if (!force) {
    throw new ConfigOutError(
      'config-out-exists',
      `--config-out ${path} already exists; pass --force to replace it, or pick another path`,
    );
  }
}

/** What link(2) says on a filesystem (FAT, some network or FUSE mounts) without hard links. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS']);

function appeared(path: string): ConfigOutError {
  return new ConfigOutError(
    'config-out-exists',
    `--config-out ${path} appeared while restoring; pass --force to replace it, or pick another path`,
  );
}

/**
 * The no-hard-link path: O_CREAT|O_EXCL ('wx') creates `path` only if nothing is there, not
 * even a dangling symbolic link, so it can neither replace a file nor write through a link. The
 * file is new and ours: a failed write removes it.
 */
async function createExclusive(path: string, data: Uint8Array, deps: { fs: Fs }): Promise<void> {
  let handle: Awaited<ReturnType<Fs['open']>>;
  try {
    handle = await deps.fs.open(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw appeared(path);
    throw error;
  }
  try {
    await handle.chmod(0o600);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await deps.fs.rm(path, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path), deps);
}

/**
 * Writes the restored config to `path`, 0600. Without `force` the final step is a hard link
 * that fails if anything appeared meanwhile (where hard links are not supported, an exclusive
 * create that fails the same way); with it, a rename, which replaces a link itself and never
 * writes into what it points at.
 */
export async function writeConfigOut(
  path: string,
  data: Uint8Array,
  force: boolean,
  deps: { fs: Fs },
): Promise<void> {
  await checkConfigOut(path, force, deps);
  try {
    await writeFileAtomic(path, data, { mode: 0o600, exactMode: true, noReplace: !force }, deps);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') throw appeared(path);
    if (!force && NO_HARD_LINKS.has(code)) return createExclusive(path, data, deps);
    throw error;
  }
}
