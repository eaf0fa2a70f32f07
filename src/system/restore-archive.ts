/**
 * Restore of a `clauster backup` archive into a state_dir (edge). Every member is checked with
 * ops/archive-policy.ts, and the state_dir and --config-out targets are checked, before any file
 * is written; the state_dir's instance lock is held while writing.
 */
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as tar from 'tar';
import { newEpochStart, writeEpoch } from '../auth/epoch.js';
import { type ArchiveMember, checkArchiveMember, isRuntimeFile } from '../ops/archive-policy.js';
import { acquireInstanceLock, LOCK_FILE } from '../state/state-dir.js';
import { BackupError } from './backup-archive.js';
import type { Fs, Processes } from './ports.js';
import { ConfigOutError, checkConfigOut, writeConfigOut } from './restore-config.js';
import {
  checkStateTargets,
  ensureStateDirectory,
  type StateEntry,
  writeStateFile,
} from './restore-targets.js';

export interface RestoreOptions {
  file: string;
  stateDir: string;
  force: boolean;
  configOut: string | null;
  /** The pid restore takes state_dir's instance lock for (default: this process). */
  pid?: number;
}

/** Reads every member header and refuses the whole archive on the first unsafe one. */
async function validateArchive(file: string): Promise<string[]> {
  const problems: string[] = [];
  const paths: string[] = [];
  try {
    await tar.list({
      file,
      strict: true,
      onReadEntry: (entry) => {
        const member: ArchiveMember = { path: entry.path, type: entry.type };
        const verdict = checkArchiveMember(member);
        if (verdict.ok) paths.push(verdict.value);
        else problems.push(`${verdict.code}: ${verdict.detail}`);
        entry.resume();
      },
    });
  } catch (error) {
    throw new BackupError(
      'bad-archive',
      `${file} is not a readable clauster backup (${(error as Error).message})`,
    );
  }
  if (problems.length > 0) {
    throw new BackupError('unsafe-archive', `refusing ${file}: ${problems.slice(0, 5).join('; ')}`);
  }
  if (!paths.includes('manifest.json')) {
    throw new BackupError('bad-archive', `${file} has no manifest.json: not a clauster backup`);
  }
  return paths;
}

/** The archive's state/ tree (runtime files left out), as paths relative to state_dir. */
async function listStateEntries(stateRoot: string): Promise<StateEntry[]> {
  const found = await fsp
    .readdir(stateRoot, { recursive: true, withFileTypes: true })
    .catch(() => []);
  const entries: StateEntry[] = [];
  for (const entry of found) {
    const rel = relative(stateRoot, join(entry.parentPath, entry.name));
    if (entry.isDirectory()) entries.push({ rel, directory: true });
    else if (entry.isFile() && !isRuntimeFile(rel)) entries.push({ rel, directory: false });
  }
  return entries;
}

/**
 * Copies the staged state files into stateDir (0700 dirs, 0600 files, each a fresh file renamed
 * over its target, so a link there is replaced, not followed); returns the file count.
 */
async function copyStateFiles(
  stateRoot: string,
  entries: readonly StateEntry[],
  stateDir: string,
  deps: { fs: Fs },
): Promise<number> {
  let count = 0;
  for (const entry of entries) {
    if (entry.directory) {
      await ensureStateDirectory(stateDir, entry.rel, deps);
    } else {
      const data = await fsp.readFile(join(stateRoot, entry.rel));
      await writeStateFile(stateDir, entry.rel, data, deps);
      count += 1;
    }
  }
  return count;
}

/**
 * Writes the archive's config file to configOut; null when the archive holds none. Runs before
 * any state file is copied, so a refusal here (the target appeared meanwhile) restores nothing.
 */
async function restoreConfig(
  staging: string,
  options: RestoreOptions,
  deps: { fs: Fs },
): Promise<string | null> {
  if (!options.configOut) return null;
  const configDir = join(staging, 'config');
  const [name] = await fsp.readdir(configDir).catch(() => [] as string[]);
  if (!name) return null;
  const data = await fsp.readFile(join(configDir, name));
  try {
    await writeConfigOut(options.configOut, data, options.force, deps);
  } catch (error) {
    if (!(error instanceof ConfigOutError)) throw error;
    throw new ConfigOutError(error.code, `${error.message}; nothing was restored`);
  }
  return options.configOut;
}

/**
 * Restores into stateDir; never over a non-empty dir without force, never while a live
 * dashboard holds its instance lock: restore holds that lock itself while it writes (taken as
 * `clauster run` takes it, so a running dashboard is refused, not disturbed, and none can
 * start meanwhile), then releases it.
 */
export async function restoreBackup(
  options: RestoreOptions,
  deps: { fs: Fs; processes: Processes },
): Promise<{ files: number; config: string | null }> {
  await validateArchive(options.file);
  try {
    if (options.configOut) await checkConfigOut(options.configOut, options.force, deps);
    await fsp.mkdir(options.stateDir, { recursive: true, mode: 0o700 });
    const lock = await acquireInstanceLock(
      options.stateDir,
      { pid: options.pid ?? process.pid },
      deps,
    );
    if (!lock.ok) {
      throw new BackupError(
        'instance-locked',
        `a running clauster (${lock.detail}) holds the instance lock of state_dir ${options.stateDir}; stop the dashboard (e.g. systemctl --user stop clauster), then restore again`,
      );
    }
    try {
      return await restoreLocked(options, deps);
    } finally {
      await lock.value.release();
    }
  } catch (error) {
    if (error instanceof ConfigOutError) throw new BackupError(error.code, error.message);
    throw error;
  }
}

async function restoreLocked(
  options: RestoreOptions,
  deps: { fs: Fs },
): Promise<{ files: number; config: string | null }> {
  const existing = (await fsp.readdir(options.stateDir)).filter((name) => name !== LOCK_FILE);
  if (existing.length > 0 && !options.force) {
    throw new BackupError(
      'target-not-empty',
      `state_dir ${options.stateDir} is not empty; pass --force to restore over it`,
    );
  }
  // Tightened only once every check passed, so a refused restore leaves the dir's mode alone.
  await fsp.chmod(options.stateDir, 0o700);
  const staging = await fsp.mkdtemp(join(tmpdir(), 'clauster-restore-'));
  try {
    await tar.extract({
      file: options.file,
      cwd: staging,
      strict: true,
      preservePaths: false,
      noChmod: true,
    });
    const stateRoot = join(staging, 'state');
    const entries = await listStateEntries(stateRoot);
    await checkStateTargets(options.stateDir, entries, deps);
    const config = await restoreConfig(staging, options, deps);
    const files = await copyStateFiles(stateRoot, entries, options.stateDir, deps);
    // The archive's epoch may be one a later logout revoked: a restore starts a new one, so
    // no cookie from before it is accepted (everyone logs in again).
    await writeEpoch(options.stateDir, newEpochStart(), deps);
    return { files, config };
  } finally {
    await fsp.rm(staging, { recursive: true, force: true });
  }
}
