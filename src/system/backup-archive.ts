/**
 * Backup of state_dir as a gzip'd tar (edge; restore is in restore-archive.ts, and these two
 * are the only modules that touch `tar`). Layout: manifest.json, state/<files>,
 * config/<config file>.
 */
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import * as tar from 'tar';
import { isRuntimeFile } from '../ops/archive-policy.js';
import { STATE_SCHEMA_VERSION } from '../state/schema-version.js';
import type { ConfigOutRefusal } from './restore-config.js';

export class BackupError extends Error {
  constructor(
    readonly code:
      | 'state-dir-missing'
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
  withLogs: boolean;
  version: string;
  now: Date;
}

/**
 * Lists what goes into a backup: every regular state file except logs/ (unless asked) and
 * locks. Entries are typed without following links, so a link (and a linked directory, which
 * the recursive listing does not enter) is left out.
 */
async function listStateFiles(stateDir: string, withLogs: boolean): Promise<string[]> {
  const entries = await fsp.readdir(stateDir, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const rel = relative(stateDir, join(entry.parentPath, entry.name));
    if (isRuntimeFile(rel)) continue;
    if (rel.split('/')[0] === 'logs' && !withLogs) continue;
    files.push(rel);
  }
  return files.sort();
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

/** Writes the archive (mode 0600) and returns the member count. */
export async function createBackup(options: BackupOptions): Promise<{ files: number }> {
  const stat = await fsp.stat(options.stateDir).catch(() => null);
  if (!stat?.isDirectory()) {
    throw new BackupError(
      'state-dir-missing',
      `state_dir ${options.stateDir} does not exist; check state_dir in the config, or pass --state-dir DIR`,
    );
  }
  const staging = await fsp.mkdtemp(join(tmpdir(), 'clauster-backup-'));
  try {
    await fsp.chmod(staging, 0o700);
    const files = await listStateFiles(options.stateDir, options.withLogs);
    let copied = 0;
    for (const rel of files) {
      const target = join(staging, 'state', rel);
      await fsp.mkdir(join(target, '..'), { recursive: true, mode: 0o700 });
      if (await copyRegularFile(join(options.stateDir, rel), target)) copied += 1;
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
    const temp = `${options.out}.${randomBytes(4).toString('hex')}.tmp`;
    await tar.create({ gzip: true, file: temp, cwd: staging, portable: true }, members);
    await fsp.chmod(temp, 0o600);
    await fsp.rename(temp, options.out);
    return { files: copied };
  } finally {
    await fsp.rm(staging, { recursive: true, force: true });
  }
}
