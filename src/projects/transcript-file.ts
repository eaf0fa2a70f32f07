/**
 * Token usage of one transcript file, read as a stream of lines through the shared line
 * cache (src/projects/line-cache.ts: only appended bytes are read again, symlinks are never
 * followed, a line over the cap is skipped, a last line without its newline waits for the
 * next read). Invariant: the cache holds at most `maxMessages` messages.
 */
import type { Result } from '../result.js';
import type { Fs } from '../system/ports.js';
import { createLineCache, type LineFold } from './line-cache.js';
import { parseTranscriptLine } from './transcript-line.js';
import {
  addUsageLine,
  copyFileUsage,
  countMessages,
  createFileUsage,
  type FileUsage,
} from './transcript-usage.js';

export { MAX_TRANSCRIPT_LINE } from './line-cache.js';
export type { FileUsage, MessageUsage } from './transcript-usage.js';

/** Messages the cache keeps across every file before it forgets the least recently used. */
export const CACHE_MAX_MESSAGES = 200_000;

export type FileRead = Result<FileUsage, 'unreadable'>;

export interface TranscriptCache {
  /** The file's usage; reads only what changed since the last read of `path`. */
  read(path: string, deps: { fs: Fs }): Promise<FileRead>;
}

const USAGE_FOLD: LineFold<FileUsage> = {
  create: createFileUsage,
  copy: copyFileUsage,
  line(file, text) {
    const line = parseTranscriptLine(text);
    if (line.kind === 'skipped') file.skipped += 1;
    else if (line.kind === 'usage') addUsageLine(file, line);
  },
  skip(file) {
    file.skipped += 1;
  },
  weight: (usage) => 1 + countMessages(usage),
};

/** Creates an in-memory cache of per-file usage (one per server or CLI run). */
export function createTranscriptCache(
  options: { maxMessages?: number; maxLineBytes?: number } = {},
): TranscriptCache {
  return createLineCache(USAGE_FOLD, {
    maxWeight: options.maxMessages ?? CACHE_MAX_MESSAGES,
    maxLineBytes: options.maxLineBytes,
  });
}
