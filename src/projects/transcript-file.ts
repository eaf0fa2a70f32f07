/**
 * Token usage of one transcript file, read as a stream of lines, and a cache of it so a second
 * look reads only what changed: nothing for an unchanged file (same inode, size and mtime),
 * only the appended bytes for a file that grew, everything for one that shrank or was replaced.
 * Invariants: memory for reading stays bounded by one chunk plus the line cap whatever the
 * file holds (a longer line is skipped, never kept); a last line without its newline (still
 * being written) is left for the next read, not counted; symlinks are never followed (lstat,
 * then open with O_NOFOLLOW, sizes from the opened file); no line is ever fatal; the cache
 * holds at most `maxMessages` messages.
 */
import { fail, ok, type Result } from '../result.js';
import type { Fs } from '../system/ports.js';
import { parseTranscriptLine } from './transcript-line.js';
import {
  addUsageLine,
  copyFileUsage,
  countMessages,
  createFileUsage,
  type FileUsage,
} from './transcript-usage.js';

export type { FileUsage, MessageUsage } from './transcript-usage.js';

/** Longest transcript line read, in bytes (a turn that wrote a large file can be megabytes). */
export const MAX_TRANSCRIPT_LINE = 8 * 1024 * 1024;
const CHUNK_BYTES = 256 * 1024;
const NEWLINE = 0x0a;
/** Messages the cache keeps across every file before it forgets the least recently used. */
export const CACHE_MAX_MESSAGES = 200_000;

export type FileRead = Result<FileUsage, 'unreadable'>;

type FileDeps = { fs: Fs };
type Handle = Awaited<ReturnType<Fs['open']>>;

interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

function addLine(file: FileUsage, text: string): void {
  const line = parseTranscriptLine(text);
  if (line.kind === 'skipped') file.skipped += 1;
  else if (line.kind === 'usage') addUsageLine(file, line);
}

/**
 * Adds the complete lines of bytes [from, size) to `file`; returns the offset just past the
 * last newline, where the next read starts.
 */
async function readLines(
  handle: Handle,
  range: { from: number; size: number },
  file: FileUsage,
  maxLine: number,
): Promise<number> {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let dropping = false;
  let lineEnd = range.from;
  let position = range.from;
  while (position < range.size) {
    const length = Math.min(CHUNK_BYTES, range.size - position);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    if (bytesRead === 0) break;
    const chunk = buffer.subarray(0, bytesRead);
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      if (dropping || pendingBytes + nl - start > maxLine) file.skipped += 1;
      else if (pendingBytes === 0) addLine(file, chunk.toString('utf8', start, nl));
      else addLine(file, Buffer.concat([...pending, chunk.subarray(start, nl)]).toString('utf8'));
      pending = [];
      pendingBytes = 0;
      dropping = false;
      start = nl + 1;
      lineEnd = position + start;
    }
    const tail = bytesRead - start;
    if (tail > 0 && !dropping) {
      if (pendingBytes + tail > maxLine) {
        pending = [];
        pendingBytes = 0;
        dropping = true;
      } else {
        pending.push(Buffer.from(chunk.subarray(start)));
        pendingBytes += tail;
      }
    }
    position += bytesRead;
  }
  return lineEnd;
}

function describeFailure(path: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return `${path}: cannot read the transcript (${typeof code === 'string' ? code : 'read error'})`;
}

function notRegular(path: string): FileRead {
  return fail('unreadable', `${path}: not a regular file`);
}

function sameInode(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

function unchanged(a: FileIdentity, b: FileIdentity): boolean {
  return sameInode(a, b) && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

// Read only, never through a symlink, and never blocking on a FIFO swapped in by name.
function openFlags(fs: Fs): number {
  const { O_RDONLY, O_NOFOLLOW = 0, O_NONBLOCK = 0 } = fs.constants;
  return O_RDONLY | O_NOFOLLOW | O_NONBLOCK;
}

export interface TranscriptCache {
  /** The file's usage; reads only what changed since the last read of `path`. */
  read(path: string, deps: FileDeps): Promise<FileRead>;
}

interface CacheEntry extends FileIdentity {
  /** Bytes parsed: the end of the last complete line. */
  offset: number;
  usage: FileUsage;
  weight: number;
}

/** Creates an in-memory cache of per-file usage (one per server or CLI run). */
export function createTranscriptCache(
  options: { maxMessages?: number; maxLineBytes?: number } = {},
): TranscriptCache {
  const maxMessages = options.maxMessages ?? CACHE_MAX_MESSAGES;
  const maxLine = options.maxLineBytes ?? MAX_TRANSCRIPT_LINE;
  const entries = new Map<string, CacheEntry>();
  const queues = new Map<string, Promise<unknown>>();
  let total = 0;

  function drop(path: string): void {
    const entry = entries.get(path);
    if (entry === undefined) return;
    entries.delete(path);
    total -= entry.weight;
  }

  // Least recently used first; a file over the cap on its own is not kept at all.
  function keep(path: string, entry: CacheEntry): void {
    drop(path);
    entries.set(path, entry);
    total += entry.weight;
    for (const [key, old] of entries) {
      if (total <= maxMessages) return;
      entries.delete(key);
      total -= old.weight;
    }
  }

  async function load(path: string, cached: CacheEntry | undefined, deps: FileDeps) {
    const handle = await deps.fs.open(path, openFlags(deps.fs));
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) return null;
      const grown = cached !== undefined && sameInode(cached, stats) && stats.size > cached.size;
      const usage = grown ? copyFileUsage(cached.usage) : createFileUsage();
      const from = grown ? cached.offset : 0;
      const offset = await readLines(handle, { from, size: stats.size }, usage, maxLine);
      const { dev, ino, size, mtimeMs } = stats;
      return { dev, ino, size, mtimeMs, offset, usage, weight: 1 + countMessages(usage) };
    } finally {
      await handle.close();
    }
  }

  async function readOnce(path: string, deps: FileDeps): Promise<FileRead> {
    const cached = entries.get(path);
    try {
      const link = await deps.fs.lstat(path);
      if (!link.isFile()) {
        drop(path);
        return notRegular(path);
      }
      if (cached !== undefined && unchanged(cached, link)) {
        entries.delete(path);
        entries.set(path, cached);
        return ok(cached.usage);
      }
      const entry = await load(path, cached, deps);
      if (entry === null) {
        drop(path);
        return notRegular(path);
      }
      keep(path, entry);
      return ok(entry.usage);
    } catch (error) {
      drop(path);
      return fail('unreadable', describeFailure(path, error));
    }
  }

  return {
    // One read of a path at a time, so a growing file is extended once, in order.
    read(path, deps) {
      const run = (queues.get(path) ?? Promise.resolve()).then(() => readOnce(path, deps));
      const settled = run.then(
        () => undefined,
        () => undefined,
      );
      queues.set(path, settled);
      void settled.then(() => {
        if (queues.get(path) === settled) queues.delete(path);
      });
      return run;
    },
  };
}

/** Sums the usage of one transcript file, with no cache kept. */
export function readTranscriptFile(path: string, deps: FileDeps): Promise<FileRead> {
  return createTranscriptCache().read(path, deps);
}
