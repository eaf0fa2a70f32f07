/**
 * Backup of state_dir as a gzip'd tar (edge; restore is in restore-archive.ts, and these two
 * are the only modules that touch `tar`). Layout: manifest.json, state/<files>,
 * config/<config file>.
 */
import { randomBytes } from 'node:crypto';
import type { Dirent } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import * as tar from 'tar';
import { SESSION_SECRET_FILE } from '../auth/session-secret.js';
import { lstatOrNull } from '../fs-errors.js';
import { isRuntimeFile } from '../ops/archive-policy.js';
import { STATE_SCHEMA_VERSION, VERSIONED_STATE_FILES } from '../state/schema-version.js';
import type { ConfigOutRefusal } from './restore-config.js';

export class BackupError extends Error {
  constructor(
    readonly code:
      | 'state-dir-missing'
      | 'output-exists'
      | 'target-not-empty'
      | 'unsafe-archive'
      | 'bad-archive'
      | 'instance-locked'
      | 'unsafe-target'
      | ConfigOutRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface BackupOptions {
  stateDir: string;
  configPath: string | null;
  out: string;
  /** Replace an existing `out` (else refused with `output-exists`). */
  force?: boolean;
  withLogs: boolean;
  version: string;
  now: Date;
}

/** A state_dir entry the backup leaves out although it may be state: its path and why. */
export interface SkippedEntry {
  path: string;
  reason: string;
}

/** Top-level names where clauster keeps a file (a directory there is state the archive lacks). */
const STATE_FILE_NAMES = new Set<string>([...VERSIONED_STATE_FILES, SESSION_SECRET_FILE]);

function isStateFileName(rel: string): boolean {
  return STATE_FILE_NAMES.has(rel) || /^audit\.jsonl(\.[0-9]+)?$/.test(rel);
}

/** Why `entry` is not archived although it is not left out by rule; null when it is archived. */
function skipReason(entry: Dirent, rel: string): string | null {
  if (entry.isFile()) return null;
  if (entry.isDirectory()) {
    return isStateFileName(rel) ? 'a directory where clauster keeps a file' : null;
  }
  if (entry.isSymbolicLink()) return 'a symbolic link (never followed)';
  if (entry.isFIFO()) return 'a FIFO, not a regular file';
  if (entry.isSocket()) return 'a socket, not a regular file';
  return 'a device, not a regular file';
}

/**
 * Lists what goes into a backup: every regular state file except logs/ (unless asked) and
 * locks. Entries are typed without following links, so a link (and a linked directory, which
 * the recursive listing does not enter) is left out, and reported in `skipped` with every other
 * entry that is not a regular file (a directory only where clauster keeps a file).
 */
async function listStateFiles(
  stateDir: string,
  withLogs: boolean,
): Promise<{ files: string[]; skipped: SkippedEntry[] }> {
  const entries = await fsp.readdir(stateDir, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  const skipped: SkippedEntry[] = [];
  for (const entry of entries) {
    const rel = relative(stateDir, join(entry.parentPath, entry.name));
    if (isRuntimeFile(rel)) continue;
    if (rel.split('/')[0] === 'logs' && !withLogs) continue;
    if (entry.isFile()) files.push(rel);
    const reason = skipReason(entry, rel);
    if (reason !== null) skipped.push({ path: join(stateDir, rel), reason });
  }
  return { files: files.sort(), skipped };
}

/**
 * Copies `source` to a new 0600 `target` if it is still a regular file; false (nothing copied)
 * when it was swapped for a link or a special file since the listing: O_NOFOLLOW never opens
 * a link's target, and O_NONBLOCK never waits on a FIFO.
 */
export async function copyRegularFile(source: string, target: string): Promise<boolean> {
  const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = fsp.constants;
  let input: fsp.FileHandle;
  try {
    input = await fsp.open(source, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return false;
    throw error;
  }
  try {
    if (!(await input.stat()).isFile()) return false;
    await fsp.writeFile(target, await input.readFile(), { flag: 'wx', mode: 0o600 });
    return true;
  } finally {
    await input.close();
  }
}

function outputExists(out: string, when: string): BackupError {
  return new BackupError(
    'output-exists',
    `${out} ${when}; pass --force to replace it, or pick another -o FILE`,
  );
}

/** What link(2) says on a filesystem (FAT, some network or FUSE mounts) without hard links. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS']);

/**
 * Puts the finished `temp` at `out`. With `force`, a rename (replacing a file, or a link itself,
 * never writing through it); without, a hard link that fails if anything appeared at `out`
 * meanwhile (without hard links, an exclusive copy that fails the same way).
 */
async function publish(temp: string, out: string, force: boolean): Promise<void> {
  if (force) return fsp.rename(temp, out);
  try {
    await fsp.link(temp, out);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') throw outputExists(out, 'appeared while the backup was written');
    if (!NO_HARD_LINKS.has(code)) throw error;
  }
  await fsp.copyFile(temp, out, fsp.constants.COPYFILE_EXCL).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw outputExists(out, 'appeared while the backup was written');
  });
}

/**
 * Writes the archive (mode 0600) and returns the member count and the state entries left out
 * (`skipped`). An existing `out` is refused (`output-exists`) unless `force`.
 */
export async function createBackup(
  options: BackupOptions,
): Promise<{ files: number; skipped: SkippedEntry[] }> {
  const stat = await fsp.stat(options.stateDir).catch(() => null);
  if (!stat?.isDirectory()) {
    throw new BackupError(
      'state-dir-missing',
      `state_dir ${options.stateDir} does not exist; check state_dir in the config, or pass --state-dir DIR`,
    );
  }
  const force = options.force === true;
  if (!force && (await lstatOrNull(options.out, fsp)) !== null) {
    throw outputExists(options.out, 'already exists');
  }
  const staging = await fsp.mkdtemp(join(tmpdir(), 'clauster-backup-'));
  const temp = `${options.out}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fsp.chmod(staging, 0o700);
    const { files, skipped } = await listStateFiles(options.stateDir, options.withLogs);
    let copied = 0;
    for (const rel of files) {
      const target = join(staging, 'state', rel);
      await fsp.mkdir(join(target, '..'), { recursive: true, mode: 0o700 });
      if (await copyRegularFile(join(options.stateDir, rel), target)) copied += 1;
      else skipped.push({ path: join(options.stateDir, rel), reason: 'no longer a regular file' });
    }
    const members = ['manifest.json', 'state'];
    if (options.configPath) {
      await fsp.mkdir(join(staging, 'config'), { mode: 0o700 });
      await fsp.copyFile(options.configPath, join(staging, 'config', basename(options.configPath)));
      members.push('config');
    }
    const manifest = {
      schema_version: STATE_SCHEMA_VERSION,
      created_at: options.now.toISOString(),
      clauster_version: options.version,
      with_logs: options.withLogs,
      config_file: options.configPath ? basename(options.configPath) : null,
    };
    await fsp.writeFile(join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    if (copied === 0) await fsp.mkdir(join(staging, 'state'), { recursive: true });
    // Created 0600 first: tar truncates it and keeps the mode, so no other user can read it.
    await (await fsp.open(temp, 'wx', 0o600)).close();
    await tar.create({ gzip: true, file: temp, cwd: staging, portable: true }, members);
    await fsp.chmod(temp, 0o600);
    await publish(temp, options.out, force);
    skipped.sort((a, b) => (a.path < b.path ? -1 : 1));
    return { files: copied, skipped };
  } finally {
    await fsp.rm(temp, { force: true });
    await fsp.rm(staging, { recursive: true, force: true });
  }
}
