/**
 * Backup and restore of state_dir as a gzip'd tar (edge: the only module that touches `tar`).
 * Layout: manifest.json, state/<files>, config/<config file>. Restore validates every member
 * with ops/archive-policy.ts before writing anything.
 */
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import * as tar from 'tar';
import { type ArchiveMember, checkArchiveMember } from '../ops/archive-policy.js';
import { STATE_SCHEMA_VERSION } from '../state/schema-version.js';

export class BackupError extends Error {
  constructor(
    readonly code: 'state-dir-missing' | 'target-not-empty' | 'unsafe-archive' | 'bad-archive',
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

/** Lists what goes into a backup: every state file except logs/ (unless asked) and locks. */
async function listStateFiles(stateDir: string, withLogs: boolean): Promise<string[]> {
  const entries = await fsp.readdir(stateDir, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const rel = relative(stateDir, join(entry.parentPath, entry.name));
    const top = rel.split('/')[0];
    // Locks (instance.lock, tokens.json.lock, locks/) belong to a running process, not to state.
    if (top === 'locks' || /\.lock(\.stale-[0-9a-f]+)?$/.test(rel) || rel.endsWith('.tmp'))
      continue;
    if (top === 'logs' && !withLogs) continue;
    files.push(rel);
  }
  return files.sort();
}

/** Writes the archive (mode 0600) and returns the member count. */
export async function createBackup(options: BackupOptions): Promise<{ files: number }> {
  const stat = await fsp.stat(options.stateDir).catch(() => null);
  if (!stat?.isDirectory()) {
    throw new BackupError('state-dir-missing', `state_dir ${options.stateDir} does not exist`);
  }
  const staging = await fsp.mkdtemp(join(tmpdir(), 'clauster-backup-'));
  try {
    await fsp.chmod(staging, 0o700);
    const files = await listStateFiles(options.stateDir, options.withLogs);
    for (const rel of files) {
      const target = join(staging, 'state', rel);
      await fsp.mkdir(join(target, '..'), { recursive: true, mode: 0o700 });
      await fsp.copyFile(join(options.stateDir, rel), target);
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
    if (files.length === 0) await fsp.mkdir(join(staging, 'state'), { recursive: true });
    const temp = `${options.out}.${randomBytes(4).toString('hex')}.tmp`;
    await tar.create({ gzip: true, file: temp, cwd: staging, portable: true }, members);
    await fsp.chmod(temp, 0o600);
    await fsp.rename(temp, options.out);
    return { files: files.length };
  } finally {
    await fsp.rm(staging, { recursive: true, force: true });
  }
}

export interface RestoreOptions {
  file: string;
  stateDir: string;
  force: boolean;
  configOut: string | null;
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

/** Restores into stateDir (0700 dirs, 0600 files); never over a non-empty dir without force. */
export async function restoreBackup(
  options: RestoreOptions,
): Promise<{ files: number; config: string | null }> {
  await validateArchive(options.file);
  const existing = await fsp.readdir(options.stateDir).catch(() => [] as string[]);
  if (existing.length > 0 && !options.force) {
    throw new BackupError(
      'target-not-empty',
      `state_dir ${options.stateDir} is not empty; pass --force to restore over it`,
    );
  }
  const staging = await fsp.mkdtemp(join(tmpdir(), 'clauster-restore-'));
  try {
    await tar.extract({
      file: options.file,
      cwd: staging,
      strict: true,
      preservePaths: false,
      noChmod: true,
    });
    await fsp.mkdir(options.stateDir, { recursive: true, mode: 0o700 });
    await fsp.chmod(options.stateDir, 0o700);
    let count = 0;
    const stateRoot = join(staging, 'state');
    const entries = await fsp
      .readdir(stateRoot, { recursive: true, withFileTypes: true })
      .catch(() => []);
    for (const entry of entries) {
      const rel = relative(stateRoot, join(entry.parentPath, entry.name));
      const target = join(options.stateDir, rel);
      if (entry.isDirectory()) {
        await fsp.mkdir(target, { recursive: true, mode: 0o700 });
      } else if (entry.isFile()) {
        await fsp.mkdir(join(target, '..'), { recursive: true, mode: 0o700 });
        await fsp.copyFile(join(stateRoot, rel), target);
        await fsp.chmod(target, 0o600);
        count += 1;
      }
    }
    let config: string | null = null;
    if (options.configOut) {
      const configDir = join(staging, 'config');
      const [name] = await fsp.readdir(configDir).catch(() => [] as string[]);
      if (name) {
        await fsp.copyFile(join(configDir, name), options.configOut);
        await fsp.chmod(options.configOut, 0o600);
        config = options.configOut;
      }
    }
    return { files: count, config };
  } finally {
    await fsp.rm(staging, { recursive: true, force: true });
  }
}
