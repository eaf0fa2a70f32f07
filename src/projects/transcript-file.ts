/**
 * Token usage of one transcript file, read as a stream of lines, and a cache of it keyed by
 * (path, size, mtime) so a second look re-reads only the files that changed.
 * Invariants: memory stays bounded by one chunk plus the line cap whatever the file holds (a
 * longer line is skipped, not kept); nothing past the size seen at the start is read; no line
 * is ever fatal; the cache holds a bounded number of messages.
 */
import { createLineFramer } from '../bridges/line-framer.js';
import { fail, ok, type Result } from '../result.js';
import type { Fs } from '../system/ports.js';
import {
  maxTokens,
  parseTranscriptLine,
  type TokenCounts,
  type UsageLine,
} from './transcript-line.js';

/** Longest transcript line read (a turn that wrote a large file can be megabytes long). */
export const MAX_TRANSCRIPT_LINE = 8 * 1024 * 1024;
const CHUNK_BYTES = 256 * 1024;
/** Messages the cache keeps across every file before it forgets the least recently used. */
export const CACHE_MAX_MESSAGES = 1_000_000;

export interface MessageUsage {
  model: string;
  tokens: TokenCounts;
}

export interface FileUsage {
  /** Turns with a message id, each once (the largest count seen for each field). */
  messages: Map<string, MessageUsage>;
  /** Turns without a message id: every line counts. */
  anonymous: MessageUsage[];
  sessions: Set<string>;
  /** First and last turn times, in milliseconds since the epoch. */
  first: number | null;
  last: number | null;
  /** Lines that were not JSON objects, over the line cap, or assistant lines without usage. */
  skipped: number;
}

export type FileRead = Result<FileUsage, 'unreadable'>;

type FileDeps = { fs: Fs };

function createFileUsage(): FileUsage {
  const usage = { messages: new Map(), anonymous: [], sessions: new Set<string>() };
  return { ...usage, first: null, last: null, skipped: 0 };
}

function addUsageLine(file: FileUsage, line: UsageLine): void {
  if (line.sessionId !== null) file.sessions.add(line.sessionId);
  if (line.time !== null) {
    if (file.first === null || line.time < file.first) file.first = line.time;
    if (file.last === null || line.time > file.last) file.last = line.time;
  }
  if (line.messageId === null) {
    file.anonymous.push({ model: line.model, tokens: line.tokens });
    return;
  }
  const seen = file.messages.get(line.messageId);
  const tokens = seen ? maxTokens(seen.tokens, line.tokens) : line.tokens;
  file.messages.set(line.messageId, { model: seen?.model ?? line.model, tokens });
}

function addLines(file: FileUsage, lines: readonly string[]): void {
  for (const text of lines) {
    const line = parseTranscriptLine(text);
    if (line.kind === 'skipped') file.skipped += 1;
    else if (line.kind === 'usage') addUsageLine(file, line);
  }
}

function describeFailure(path: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return `${path}: cannot read the transcript (${typeof code === 'string' ? code : 'read error'})`;
}

/** Reads the first `size` bytes of a transcript and sums its usage. */
async function readLines(path: string, size: number, deps: FileDeps): Promise<FileUsage> {
  const file = createFileUsage();
  const framer = createLineFramer({ maxLineLength: MAX_TRANSCRIPT_LINE });
  const handle = await deps.fs.open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let position = 0;
    while (position < size) {
      const length = Math.min(CHUNK_BYTES, size - position);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      addLines(file, framer.push(buffer.subarray(0, bytesRead)));
    }
  } finally {
    await handle.close();
  }
  addLines(file, framer.end());
  return file;
}

export interface TranscriptCache {
  /** The file's usage, re-read only when its size or mtime changed since the last read. */
  read(path: string, deps: FileDeps): Promise<FileRead>;
}

interface CacheEntry {
  size: number;
  mtimeMs: number;
  result: Promise<FileRead>;
  weight: number;
}

/** Creates an in-memory cache of per-file usage (one per server or CLI run). */
export function createTranscriptCache(options: { maxMessages?: number } = {}): TranscriptCache {
  const maxMessages = options.maxMessages ?? CACHE_MAX_MESSAGES;
  const entries = new Map<string, CacheEntry>();
  let total = 0;

  function evict(): void {
    for (const [path, entry] of entries) {
      if (total <= maxMessages || entries.size <= 1) return;
      entries.delete(path);
      total -= entry.weight;
    }
  }

  function forget(path: string, entry: CacheEntry): void {
    if (entries.get(path) !== entry) return;
    entries.delete(path);
    total -= entry.weight;
  }

  async function load(path: string, size: number, deps: FileDeps): Promise<FileRead> {
    try {
      return ok(await readLines(path, size, deps));
    } catch (error) {
      return fail('unreadable', describeFailure(path, error));
    }
  }

  return {
    async read(path, deps) {
      let stats: Awaited<ReturnType<Fs['stat']>>;
      try {
        stats = await deps.fs.stat(path);
      } catch (error) {
        return fail('unreadable', describeFailure(path, error));
      }
      if (!stats.isFile()) return fail('unreadable', `${path}: not a regular file`);
      const cached = entries.get(path);
      if (cached && cached.size === stats.size && cached.mtimeMs === stats.mtimeMs) {
        entries.delete(path);
        entries.set(path, cached);
        return cached.result;
      }
      if (cached) forget(path, cached);
      const entry: CacheEntry = {
        size: stats.size,
        mtimeMs: stats.mtimeMs,
        result: load(path, stats.size, deps),
        weight: 0,
      };
      entries.set(path, entry);
      const result = await entry.result;
      if (!result.ok) {
        forget(path, entry);
        return result;
      }
      if (entries.get(path) === entry) {
        entry.weight = 1 + result.value.messages.size + result.value.anonymous.length;
        total += entry.weight;
        evict();
      }
      return result;
    },
  };
}

/** Sums the usage of one transcript file, with no cache kept. */
export function readTranscriptFile(path: string, deps: FileDeps): Promise<FileRead> {
  return createTranscriptCache().read(path, deps);
}
