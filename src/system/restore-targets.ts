/**
 * Where `clauster restore` writes inside state_dir. Invariant: every restored file lands as a
 * fresh regular file, 0600 (a temp file created exclusively in its directory, then renamed over
 * the target), so a symbolic link at a target is replaced, never written through; a directory
 * on the way that is a link, or not a directory at all, refuses the restore. state_dir itself
 * is the operator's choice and may be a link.
 */
import { dirname, join } from 'node:path';
import { lstatOrNull } from '../fs-errors.js';
import { writeFileAtomic } from '../state/atomic-write.js';
import { BackupError } from './backup-archive.js';
import type { Fs } from './ports.js';

/** One member of the archive's state/ tree, by its path relative to state_dir. */
export interface StateEntry {
  rel: string;
  directory: boolean;
}

type Stats = Awaited<ReturnType<Fs['lstat']>>;

function refuse(stateDir: string, detail: string): BackupError {
  return new BackupError(
    'unsafe-target',
    `refusing to restore into state_dir ${stateDir}: ${detail}, then restore again`,
  );
}

/** Refuses `path` (an existing directory restore would write into) unless it is a real one. */
function assertRealDirectory(stateDir: string, path: string, found: Stats): void {
  if (found.isSymbolicLink()) {
    throw refuse(
      stateDir,
      `${path} is a symbolic link where the backup has a directory; restore never writes through a link (also not with --force): remove the link`,
    );
  }
  if (!found.isDirectory()) {
    throw refuse(
      stateDir,
      `${path} is in the way of a restored directory and is not one; move it aside`,
    );
  }
}

/** The directories from stateDir down to `relDir` (stateDir itself excluded). */
function chain(stateDir: string, relDir: string): string[] {
  const parts = relDir.split('/').filter((part) => part !== '' && part !== '.');
  return parts.map((_, index) => join(stateDir, ...parts.slice(0, index + 1)));
}

/**
 * Checks, before anything is written, that every directory the entries need under stateDir is
 * a real directory or absent, and that no file target is a directory.
 */
export async function checkStateTargets(
  stateDir: string,
  entries: readonly StateEntry[],
  deps: { fs: Fs },
): Promise<void> {
  for (const entry of entries) {
    const relDir = entry.directory ? entry.rel : dirname(entry.rel);
    for (const path of chain(stateDir, relDir)) {
      const found = await lstatOrNull(path, deps.fs);
      if (found === null) break;
      assertRealDirectory(stateDir, path, found);
    }
    if (entry.directory) continue;
    const target = await lstatOrNull(join(stateDir, entry.rel), deps.fs);
    if (target?.isDirectory()) {
      throw refuse(
        stateDir,
        `${join(stateDir, entry.rel)} is a directory where the backup has a file; move it aside`,
      );
    }
  }
}

/** Creates (0700) or checks each directory from stateDir down to `relDir`; never follows a link. */
export async function ensureStateDirectory(
  stateDir: string,
  relDir: string,
  deps: { fs: Fs },
): Promise<void> {
  for (const path of chain(stateDir, relDir)) {
    let found = await lstatOrNull(path, deps.fs);
    if (found === null) {
      await deps.fs.mkdir(path, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
      found = await deps.fs.lstat(path);
    }
    assertRealDirectory(stateDir, path, found);
  }
}

/** Writes `data` as stateDir/rel: a fresh 0600 file renamed over whatever name is there. */
export async function writeStateFile(
  stateDir: string,
  rel: string,
  data: Uint8Array,
  deps: { fs: Fs },
): Promise<void> {
  await ensureStateDirectory(stateDir, dirname(rel), deps);
  await writeFileAtomic(join(stateDir, rel), data, { mode: 0o600, exactMode: true }, deps);
}
