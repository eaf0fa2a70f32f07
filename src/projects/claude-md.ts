/**
 * A project's CLAUDE.md, read and written from the dashboard. Invariants: the file is opened
 * only when it is a regular file (lstat, then O_NOFOLLOW|O_NONBLOCK and the same inode), so a
 * symlink, FIFO or directory named CLAUDE.md is refused and never followed; only trusted
 * projects are written (claude runs with these instructions); a write names the hash it
 * replaces (or null to create) and is refused when the disk differs, checked again just
 * before the atomic rename; nothing is written in place. Writes of one file are serialised in
 * the process from reading its hash through the rename, so two saves from the same base can
 * never both succeed; the project folder must still be the same real directory at the rename.
 */

import { join } from 'node:path';
import { checkDirectoryTrust } from '../claude/trust-check.js';
import { createKeyedQueue } from '../concurrency.js';
import { isMissing } from '../fs-errors.js';
import { fail, ok, type Result } from '../result.js';
import { sha256Hex } from '../sha256.js';
import { writeFileAtomic } from '../state/atomic-write.js';
import type { Env, Fs } from '../system/ports.js';
import {
  decodeClaudeMd,
  encodeClaudeMdText,
  MAX_CLAUDE_MD_BYTES,
  tooLarge,
} from './claude-md-text.js';

const CLAUDE_MD_NAME = 'CLAUDE.md';

export type ClaudeMdFile =
  | { exists: false }
  | { exists: true; text: string; sha256: string; size: number; mtime: string };

export type ClaudeMdReadError = 'not-regular-file' | 'too-large' | 'not-text';

export interface ClaudeMdWrite {
  text: string;
  /** The sha256 of the file the edit started from, or null to create a new file. */
  baseSha256: string | null;
}

export interface ClaudeMdWritten {
  sha256: string;
  size: number;
  created: boolean;
  /** The replaced file, or null when it was created. */
  before: { sha256: string; size: number } | null;
}

/** The disk is not what the edit started from; `currentSha256` is null when there is no file. */
export interface ClaudeMdConflict {
  ok: false;
  code: 'claude-md-conflict';
  detail: string;
  currentSha256: string | null;
}

export type ClaudeMdWriteResult =
  | Result<ClaudeMdWritten, ClaudeMdReadError | 'untrusted'>
  | ClaudeMdConflict;

interface CurrentFile {
  bytes: Uint8Array;
  sha256: string;
  mode: number;
  mtimeMs: number;
}

type Current = Result<CurrentFile | null, 'not-regular-file' | 'too-large'>;

// One write of a given CLAUDE.md at a time in this process (keyed by its path).
const serialiseWrite = createKeyedQueue();

function isLinkLoop(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ELOOP';
}

function notRegular(what: string): { ok: false; code: 'not-regular-file'; detail: string } {
  return fail(
    'not-regular-file',
    `${CLAUDE_MD_NAME}: ${what}; clauster only reads and replaces a regular file, never follows a link`,
  );
}

function describeKind(info: { isSymbolicLink(): boolean; isDirectory(): boolean }): string {
  if (info.isSymbolicLink()) return 'is a symbolic link';
  if (info.isDirectory()) return 'is a directory';
  return 'is not a regular file (a FIFO, socket or device)';
}

// The bytes of the regular file at `path`, null when absent; never follows a link or blocks.
async function readCurrent(path: string, deps: { fs: Fs }): Promise<Current> {
  let info: Awaited<ReturnType<Fs['lstat']>>;
  try {
    info = await deps.fs.lstat(path);
  } catch (error) {
    if (isMissing(error)) return ok(null);
    throw error;
  }
  if (!info.isFile()) return notRegular(describeKind(info));
  if (info.size > MAX_CLAUDE_MD_BYTES) return tooLarge(CLAUDE_MD_NAME, info.size);
  const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = deps.fs.constants;
  let handle: Awaited<ReturnType<Fs['open']>>;
  try {
    handle = await deps.fs.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    // Why: replaced by a link (ELOOP) or removed between lstat and open.
    if (isLinkLoop(error)) return notRegular('is a symbolic link');
    if (isMissing(error)) return ok(null);
    throw error;
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || opened.ino !== info.ino || opened.dev !== info.dev) {
      return notRegular('was replaced while it was being opened');
    }
    const buffer = new Uint8Array(MAX_CLAUDE_MD_BYTES + 1);
    let total = 0;
    while (total <= MAX_CLAUDE_MD_BYTES) {
      const { bytesRead } = await handle.read(buffer, total, buffer.length - total, total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    if (total > MAX_CLAUDE_MD_BYTES) return tooLarge(CLAUDE_MD_NAME, total);
    const bytes = buffer.slice(0, total);
    const mode = opened.mode & 0o777;
    return ok({ bytes, sha256: sha256Hex(bytes), mode, mtimeMs: opened.mtimeMs });
  } finally {
    await handle.close();
  }
}

/** Reads `<projectDir>/CLAUDE.md`: its text and hash, or `{exists: false}`. */
export async function readClaudeMd(
  projectDir: string,
  deps: { fs: Fs },
): Promise<Result<ClaudeMdFile, ClaudeMdReadError>> {
  const current = await readCurrent(join(projectDir, CLAUDE_MD_NAME), deps);
  if (!current.ok) return current;
  if (current.value === null) return ok({ exists: false });
  const { bytes, sha256, mtimeMs } = current.value;
  const text = decodeClaudeMd(bytes);
  if (!text.ok) return text;
  const mtime = new Date(mtimeMs).toISOString();
  return ok({ exists: true, text: text.value, sha256, size: bytes.length, mtime });
}

function conflict(detail: string, currentSha256: string | null): ClaudeMdConflict {
  return { ok: false, code: 'claude-md-conflict', detail, currentSha256 };
}

// The base the edit names against what is on disk; null when they agree.
function compareBase(base: string | null, current: CurrentFile | null): ClaudeMdConflict | null {
  if (base === null && current !== null) {
    return conflict(`${CLAUDE_MD_NAME} already exists; reload it and edit that`, current.sha256);
  }
  if (base !== null && current === null) {
    return conflict(`${CLAUDE_MD_NAME} was removed since it was read; reload`, null);
  }
  if (base !== null && current !== null && base !== current.sha256) {
    return conflict(`${CLAUDE_MD_NAME} changed on disk since it was read; reload`, current.sha256);
  }
  return null;
}

class ChangedBeforeRename extends Error {
  readonly code = 'claude-md-conflict';
  constructor(readonly currentSha256: string | null) {
    super(`${CLAUDE_MD_NAME} changed on disk while saving; reload`);
  }
}

class FolderReplaced extends Error {
  readonly code = 'not-regular-file';
  constructor(projectDir: string) {
    super(
      `${projectDir}: the project folder was replaced (by a link or otherwise) while saving; nothing was written`,
    );
  }
}

// The project folder is still the real directory that was resolved (not swapped for a link).
async function checkFolder(projectDir: string, deps: { fs: Fs }): Promise<void> {
  const real = await deps.fs.realpath(projectDir).catch(() => null);
  const info = await deps.fs.lstat(projectDir).catch(() => null);
  if (real !== projectDir || !info?.isDirectory()) throw new FolderReplaced(projectDir);
}

export interface ClaudeMdWriteOptions {
  env: Env;
  home: string;
  /**
   * Called once the file is replaced, inside the write's turn: before the answer, and also
   * when only the directory fsync after the rename failed (that error is thrown afterwards).
   */
  onReplaced?: (written: ClaudeMdWritten) => Promise<void>;
}

/**
 * Replaces (or creates) `<projectDir>/CLAUDE.md` with `request.text` when the project is
 * trusted and the disk still holds `request.baseSha256`. `projectDir` is a realpath.
 */
export async function writeClaudeMd(
  projectDir: string,
  request: ClaudeMdWrite,
  options: ClaudeMdWriteOptions,
  deps: { fs: Fs },
): Promise<ClaudeMdWriteResult> {
  const bytes = encodeClaudeMdText(request.text);
  if (!bytes.ok) return bytes;
  const trust = await checkDirectoryTrust(projectDir, options, deps);
  if (!trust.trusted) {
    const why = trust.detail ?? `the claude CLI does not trust ${projectDir} (${trust.reason})`;
    return fail('untrusted', `${why}; only a trusted project's ${CLAUDE_MD_NAME} is edited`);
  }
  const path = join(projectDir, CLAUDE_MD_NAME);
  return serialiseWrite(path, () =>
    replaceChecked(path, { projectDir, request, bytes: bytes.value, options }, deps),
  );
}

interface Replacement {
  projectDir: string;
  request: ClaudeMdWrite;
  bytes: Uint8Array;
  options: ClaudeMdWriteOptions;
}

async function replaceChecked(
  path: string,
  job: Replacement,
  deps: { fs: Fs },
): Promise<ClaudeMdWriteResult> {
  const current = await readCurrent(path, deps);
  if (!current.ok) return current;
  const before = current.value;
  const refused = compareBase(job.request.baseSha256, before);
  if (refused) return refused;
  const written: ClaudeMdWritten = {
    sha256: sha256Hex(job.bytes),
    size: job.bytes.length,
    created: before === null,
    before: before && { sha256: before.sha256, size: before.bytes.length },
  };
  const beforeRename = async () => {
    await checkFolder(job.projectDir, deps);
    const now = await readCurrent(path, deps);
    const sha = now.ok ? (now.value?.sha256 ?? null) : 'unreadable';
    if (sha !== (before?.sha256 ?? null)) throw new ChangedBeforeRename(now.ok ? sha : null);
  };
  let replaced = false;
  const afterRename = () => {
    replaced = true;
  };
  const mode = before?.mode ?? 0o644;
  try {
    const atomic = { mode, exactMode: true, beforeRename, afterRename };
    await writeFileAtomic(path, job.bytes, atomic, deps);
  } catch (error) {
    if (error instanceof ChangedBeforeRename) return conflict(error.message, error.currentSha256);
    if (error instanceof FolderReplaced) return fail('not-regular-file', error.message);
    // The file changed although the directory fsync failed: it is still reported, then thrown.
    if (replaced) await job.options.onReplaced?.(written).catch(() => undefined);
    throw error;
  }
  await job.options.onReplaced?.(written);
  return ok(written);
}
