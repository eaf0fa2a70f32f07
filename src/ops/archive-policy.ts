/**
 * Restore safety. Invariant: an archive is accepted only if EVERY member is a plain file or
 * directory with a relative path under `state/` or `config/` that never climbs out with `..`;
 * links, devices, FIFOs and absolute paths refuse the whole archive before anything is written.
 */
import { fail, ok, type Result } from '../result.js';

export interface ArchiveMember {
  path: string;
  /** node-tar entry type: File, OldFile, ContiguousFile, Directory, SymbolicLink, Link, … */
  type: string;
}

export type ArchiveRefusal =
  | 'absolute-path'
  | 'parent-traversal'
  | 'bad-name'
  | 'link'
  | 'special-file'
  | 'outside-layout';

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);
const ALLOWED_ROOTS = ['state', 'config'];
const TOP_LEVEL_FILES = new Set(['manifest.json']);

/** Decides whether one archive member may be restored. */
export function checkArchiveMember(member: ArchiveMember): Result<string, ArchiveRefusal> {
  const { path, type } = member;
  if (path.length === 0 || path.includes('\0') || path.includes('\\')) {
    return fail('bad-name', `member name ${JSON.stringify(path.slice(0, 80))} is not a plain path`);
  }
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) {
    return fail('absolute-path', `member ${JSON.stringify(path)} has an absolute path`);
  }
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) {
    return fail('parent-traversal', `member ${JSON.stringify(path)} climbs out with '..'`);
  }
  if (type === 'SymbolicLink' || type === 'Link') {
    return fail(
      'link',
      `member ${JSON.stringify(path)} is a ${type === 'Link' ? 'hard' : 'symbolic'} link`,
    );
  }
  if (!FILE_TYPES.has(type) && type !== 'Directory') {
    return fail(
      'special-file',
      `member ${JSON.stringify(path)} is a ${type}, not a file or directory`,
    );
  }
  const root = parts[0] ?? '';
  const isTopFile = parts.length === 1 && TOP_LEVEL_FILES.has(root) && FILE_TYPES.has(type);
  if (!isTopFile && !ALLOWED_ROOTS.includes(root)) {
    return fail('outside-layout', `member ${JSON.stringify(path)} is outside state/ and config/`);
  }
  return ok(parts.join('/'));
}

/**
 * Files that belong to a running process, not to state: locks (`instance.lock`,
 * `tokens.json.lock`, moved-aside `.stale-…` locks, `locks/`) and temp files. Backups leave
 * them out and restore never writes them (it holds the instance lock while it writes).
 */
export function isRuntimeFile(relativePath: string): boolean {
  const top = relativePath.split('/')[0];
  return (
    top === 'locks' ||
    /\.lock(\.stale-[0-9a-f]+)?$/.test(relativePath) ||
    relativePath.endsWith('.tmp')
  );
}
