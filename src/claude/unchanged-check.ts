/**
 * "Is `.claude.json` still what we read?", the trust writer's last check before its rename
 * (R-FS-1; the CLI takes no lock). A fingerprint is the lstat of the path (device, inode, size,
 * mtime and ctime in nanoseconds), taken before the content is read. The check compares the
 * bytes first (an in-place edit can keep size and timestamps within one clock tick) and the
 * fingerprint last, so a change by another writer is missed only if it lands between that one
 * lstat and the rename.
 */
import type { Fs } from '../system/ports.js';
import { type ReadState, TrustFileError } from './claude-json-file.js';

/** The lstat fields of a path as one string; null when nothing is there. */
export type FileFingerprint = string | null;

/** What one attempt read: the fingerprint must have been taken before `state` was read. */
export interface ReadSnapshot {
  state: ReadState;
  fingerprint: FileFingerprint;
}

// A rewrite with identical bytes (same content, new inode) is re-checked this many times
// before the caller redoes its merge.
const ROUNDS = 3;

/** Fingerprints `path` with one lstat (a link is fingerprinted, never followed). */
export async function takeFingerprint(path: string, deps: { fs: Fs }): Promise<FileFingerprint> {
  try {
    const s = await deps.fs.lstat(path, { bigint: true });
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new TrustFileError(
      'claude-config-invalid',
      `${path}: cannot be checked for changes (${code ?? 'error'}); the file was left unchanged`,
      { cause: error },
    );
  }
}

async function sameBytes(path: string, expected: ReadState, deps: { fs: Fs }): Promise<boolean> {
  try {
    const now = await deps.fs.readFile(path);
    return expected.kind === 'ok' && now.equals(expected.bytes);
  } catch (error) {
    return expected.kind === 'missing' && (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/**
 * True when `path` still holds the bytes of `read.state` and was not replaced or touched
 * since `read.fingerprint`; the fingerprint comparison is the last thing it does.
 */
export async function stillAsRead(
  path: string,
  read: ReadSnapshot,
  deps: { fs: Fs },
): Promise<boolean> {
  let expected = read.fingerprint;
  for (let round = 0; round < ROUNDS; round++) {
    if (!(await sameBytes(path, read.state, deps))) return false;
    const now = await takeFingerprint(path, deps);
    if (now === expected) return true;
    // Replaced, but the bytes may be the same: `now` predates the next byte comparison.
    expected = now;
  }
  return false;
}
