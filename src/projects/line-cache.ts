/**
 * A cache of what was folded out of JSONL files line by line (transcript usage, transcript
 * summaries, rendered conversations), so a second look reads only what changed: nothing for
 * an unchanged file (same inode, size and mtime), only the appended bytes for a file that
 * grew, everything for one that shrank or was replaced. Invariants: memory for reading stays
 * bounded by one chunk plus the line cap whatever the file holds (a longer line is skipped,
 * never kept); a last line without its newline (still being written) is left for the next
 * read; symlinks are never followed (lstat, then open with O_NOFOLLOW, sizes from the opened
 * file); no line is ever fatal; one read of a path at a time; the kept weight is capped.
 */
import { fail, ok, type Result } from '../result.js';
import type { Fs } from '../system/ports.js';

/** Longest transcript line read, in bytes (a turn that wrote a large file can be megabytes). */
export const MAX_TRANSCRIPT_LINE = 8 * 1024 * 1024;
const CHUNK_BYTES = 256 * 1024;
const NEWLINE = 0x0a;

/** How one kind of result is built from lines; `copy` must leave the original unchanged. */
export interface LineFold<T> {
  create(): T;
  copy(value: T): T;
  /** One complete line (without its newline). */
  line(value: T, text: string): void;
  /** One line over the cap, never decoded. */
  skip(value: T): void;
  /** The size of a value for the cache cap (at least 1). */
  weight(value: T): number;
}

export interface LineCache<T> {
  /** The folded file; reads only what changed since the last read of `path`. */
  read(path: string, deps: { fs: Fs }): Promise<Result<T, 'unreadable'>>;
}

type Handle = Awaited<ReturnType<Fs['open']>>;

interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

interface CacheEntry<T> extends FileIdentity {
  /** Bytes parsed: the end of the last complete line. */
  offset: number;
  value: T;
  weight: number;
}

/**
 * Feeds the complete lines of bytes [from, size) to `fold`; returns the offset just past the
 * last newline, where the next read starts.
 */
async function readLines<T>(
  handle: Handle,
  range: { from: number; size: number },
  target: { fold: LineFold<T>; value: T; maxLine: number },
): Promise<number> {
  const { fold, value, maxLine } = target;
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
      if (dropping || pendingBytes + nl - start > maxLine) fold.skip(value);
      else if (pendingBytes === 0) fold.line(value, chunk.toString('utf8', start, nl));
      else fold.line(value, Buffer.concat([...pending, chunk.subarray(start, nl)]).toString());
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

/** Creates an in-memory cache of `fold` over files, keeping at most `maxWeight` in total. */
export function createLineCache<T>(
  fold: LineFold<T>,
  options: { maxWeight: number; maxLineBytes?: number | undefined },
): LineCache<T> {
  const maxLine = options.maxLineBytes ?? MAX_TRANSCRIPT_LINE;
  const entries = new Map<string, CacheEntry<T>>();
  const queues = new Map<string, Promise<unknown>>();
  let total = 0;

  function drop(path: string): void {
    const entry = entries.get(path);
    if (entry === undefined) return;
    entries.delete(path);
    total -= entry.weight;
  }

  // Least recently used first; a file over the cap on its own is not kept at all.
  function keep(path: string, entry: CacheEntry<T>): void {
    drop(path);
    entries.set(path, entry);
    total += entry.weight;
    for (const [key, old] of entries) {
      if (total <= options.maxWeight) return;
      entries.delete(key);
      total -= old.weight;
    }
  }

  async function load(path: string, cached: CacheEntry<T> | undefined, fs: Fs) {
    const handle = await fs.open(path, openFlags(fs));
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) return null;
      const grown = cached !== undefined && sameInode(cached, stats) && stats.size > cached.size;
      const value = grown ? fold.copy(cached.value) : fold.create();
      const from = grown ? cached.offset : 0;
      const offset = await readLines(handle, { from, size: stats.size }, { fold, value, maxLine });
      const { dev, ino, size, mtimeMs } = stats;
      return { dev, ino, size, mtimeMs, offset, value, weight: Math.max(1, fold.weight(value)) };
    } finally {
      await handle.close();
    }
  }

  async function readOnce(path: string, fs: Fs): Promise<Result<T, 'unreadable'>> {
    const cached = entries.get(path);
    try {
      const link = await fs.lstat(path);
      if (link.isFile() && cached !== undefined && unchanged(cached, link)) {
        entries.delete(path);
        entries.set(path, cached);
        return ok(cached.value);
      }
      const entry = link.isFile() ? await load(path, cached, fs) : null;
      if (entry === null) {
        drop(path);
        return fail('unreadable', `${path}: not a regular file`);
      }
      keep(path, entry);
      return ok(entry.value);
    } catch (error) {
      drop(path);
      return fail('unreadable', describeFailure(path, error));
    }
  }

  return {
    read(path, deps) {
      const run = (queues.get(path) ?? Promise.resolve()).then(() => readOnce(path, deps.fs));
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
