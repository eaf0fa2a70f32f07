/**
 * Reading and placing `.claude.json` for the trust writer (trust-file.ts): where it is, its
 * parsed content with mode and owner, the real file behind a link, the owner a rewrite must
 * keep, and the one-time backup. Invariant: a dangling link is never replaced, and another
 * user's file never silently changes owner.
 */
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../state/atomic-write.js';
import { type FileOwner, planOwner } from '../state/file-owner.js';
import { NOT_REGULAR_FILE } from '../state/regular-file.js';
import type { Env, Fs } from '../system/ports.js';
import { type ClaudeConfig, decodeClaudeConfigText, parseClaudeConfig } from './trust-state.js';

export type TrustFileErrorCode =
  | 'claude-config-invalid'
  | 'claude-config-busy'
  | 'claude-config-changed';

/** The trust file could not be updated; the file on disk is left as it was. */
export class TrustFileError extends Error {
  readonly code: TrustFileErrorCode;
  constructor(code: TrustFileErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TrustFileError';
    this.code = code;
  }
}

export type ReadState =
  | { kind: 'missing' }
  | {
      kind: 'ok';
      bytes: Buffer;
      text: string;
      config: ClaudeConfig;
      mode: number;
      owner: FileOwner;
    };

/** Where the CLI keeps its global config: `$CLAUDE_CONFIG_DIR/.claude.json` or `~/.claude.json`. */
export function resolveClaudeConfigPath(deps: { env: Env; home: string }): string {
  const dir = deps.env.CLAUDE_CONFIG_DIR;
  return dir !== undefined && dir.length > 0
    ? join(dir, '.claude.json')
    : join(deps.home, '.claude.json');
}

/** Reads and parses `.claude.json`; a missing file is not an error, an unparseable one is. */
export async function readClaudeConfig(path: string, deps: { fs: Fs }): Promise<ReadState> {
  let bytes: Buffer;
  let mode: number;
  let owner: FileOwner;
  try {
    // Checked before the read: a FIFO (or device) there would block the read, and the start
    // or trust waiting on it, for good.
    const stats = await deps.fs.stat(path);
    if (!stats.isFile()) {
      throw new TrustFileError(
        'claude-config-invalid',
        `${path}: ${NOT_REGULAR_FILE}; the file was left unchanged`,
      );
    }
    bytes = await deps.fs.readFile(path);
    mode = stats.mode & 0o7777;
    owner = { uid: stats.uid, gid: stats.gid };
  } catch (error) {
    if (error instanceof TrustFileError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw new TrustFileError('claude-config-invalid', `${path}: cannot be read`, { cause: error });
  }
  const decoded = decodeClaudeConfigText(bytes);
  const parsed = decoded.ok ? parseClaudeConfig(decoded.value) : decoded;
  if (!decoded.ok || !parsed.ok) {
    const detail = parsed.ok ? '' : parsed.detail;
    throw new TrustFileError(
      'claude-config-invalid',
      `${path}: ${detail}; the file was left unchanged`,
    );
  }
  return { kind: 'ok', bytes, text: decoded.value, config: parsed.value, mode, owner };
}

export async function resolveTarget(path: string, deps: { fs: Fs }): Promise<string> {
  try {
    return await deps.fs.realpath(path);
  } catch {
    // Why: a rename onto a dangling link replaces the link; the real file (on a mount that is
    // briefly absent, say) would come back hidden behind a new one holding a single key.
    if (await existsAsLink(path, deps)) {
      throw new TrustFileError(
        'claude-config-invalid',
        `${path}: is a link whose target cannot be resolved; the file was left unchanged (fix or remove the link)`,
      );
    }
    await deps.fs.mkdir(dirname(path), { recursive: true, mode: 0o700 });
    return path;
  }
}

async function existsAsLink(path: string, deps: { fs: Fs }): Promise<boolean> {
  try {
    await deps.fs.lstat(path);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/**
 * The owner to give the new file: none when it is ours already. A rename makes a new inode
 * owned by this process, so another user's file keeps its owner (root may chown) or is refused.
 */
export function pickOwner(
  target: string,
  owner: FileOwner,
  user: FileOwner,
): FileOwner | undefined {
  const plan = planOwner(owner, user);
  if (plan === 'none') return undefined;
  if (plan === 'chown') return owner;
  throw new TrustFileError(
    'claude-config-invalid',
    `${target}: owned by uid ${owner.uid}, not by this user (uid ${user.uid}), and a rewrite would change its owner; the file was left unchanged (run clauster as its owner)`,
  );
}

export async function keepBackup(
  target: string,
  bytes: Buffer,
  owner: FileOwner | undefined,
  deps: { fs: Fs },
): Promise<void> {
  const backup = `${target}.bak`;
  try {
    await deps.fs.lstat(backup);
    return;
  } catch {
    // No backup yet: take the one-time copy of the original below.
  }
  await writeFileAtomic(backup, bytes, { mode: 0o600, ...(owner ? { owner } : {}) }, deps);
}
