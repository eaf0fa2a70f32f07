/**
 * One line of a Claude Code transcript (`<claude dir>/projects/<key>/<sessionId>.jsonl`), read
 * for its token usage only. Invariant: a line is never fatal. Assistant lines carry
 * `message.usage`; every other valid line is `other`; a line that is not a JSON object, or an
 * assistant line without a usage object, is `skipped`; `<synthetic>` turns cost nothing.
 */
import { isRecord, parseJsonLine } from './json-line.js';

export interface TokenCounts {
  input: number;
  output: number;
  /** Cache writes with the 5-minute lifetime (and writes whose lifetime is not said). */
  cache_write_5m: number;
  /** Cache writes with the 1-hour lifetime (Claude Code's default on a subscription). */
  cache_write_1h: number;
  cache_read: number;
}

export interface UsageLine {
  kind: 'usage';
  /** `message.id`: one API message can fill several lines (one per content block). */
  messageId: string | null;
  model: string;
  sessionId: string | null;
  /** Milliseconds since the epoch, or null when the line has no valid timestamp. */
  time: number | null;
  tokens: TokenCounts;
}

export type TranscriptLine = UsageLine | { kind: 'other' | 'synthetic' | 'skipped' | 'blank' };

/** Field-wise maximum: the lines of one message repeat its usage, perhaps as it grew. */
export function maxTokens(a: TokenCounts, b: TokenCounts): TokenCounts {
  return {
    input: Math.max(a.input, b.input),
    output: Math.max(a.output, b.output),
    cache_write_5m: Math.max(a.cache_write_5m, b.cache_write_5m),
    cache_write_1h: Math.max(a.cache_write_1h, b.cache_write_1h),
    cache_read: Math.max(a.cache_read, b.cache_read),
  };
}

/** The model Claude Code records for turns it made up itself (errors, interruptions). */
export const SYNTHETIC_MODEL = '<synthetic>';
/** The model name used when a usage line names none. */
export const UNKNOWN_MODEL = 'unknown';
const MAX_ID_LENGTH = 200;

// A missing or nonsensical count is 0: the turn is still counted with what it does say.
function readCount(usage: Record<string, unknown>, key: string): number {
  const value = usage[key];
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

/**
 * Cache writes split by lifetime: `cache_creation.ephemeral_{5m,1h}_input_tokens` when the
 * line has them, with whatever the flat `cache_creation_input_tokens` says beyond their sum
 * (all of it for a line without the split) counted as 5-minute writes.
 */
function readCacheWrites(usage: Record<string, unknown>) {
  const flat = readCount(usage, 'cache_creation_input_tokens');
  const split = isRecord(usage.cache_creation) ? usage.cache_creation : {};
  const fiveMinutes = readCount(split, 'ephemeral_5m_input_tokens');
  const oneHour = readCount(split, 'ephemeral_1h_input_tokens');
  const rest = Math.max(0, flat - fiveMinutes - oneHour);
  return { cache_write_5m: fiveMinutes + rest, cache_write_1h: oneHour };
}

function readShortString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH
    ? value
    : null;
}

function readTime(value: unknown): number | null {
  if (typeof value !== 'string' || value.length > 64) return null;
  const time = Date.parse(value);
  return Number.isFinite(time) ? time : null;
}

/** Sorts one transcript line; the text is parsed, never echoed. */
export function parseTranscriptLine(line: string): TranscriptLine {
  const parsed = parseJsonLine(line);
  if (parsed.kind !== 'doc') return parsed;
  const { doc } = parsed;
  if (doc.type !== 'assistant') return { kind: 'other' };
  const message = doc.message;
  if (!isRecord(message) || !isRecord(message.usage)) return { kind: 'skipped' };
  const model = readShortString(message.model) ?? UNKNOWN_MODEL;
  if (model === SYNTHETIC_MODEL) return { kind: 'synthetic' };
  const { usage } = message;
  return {
    kind: 'usage',
    messageId: readShortString(message.id),
    model,
    sessionId: readShortString(doc.sessionId),
    time: readTime(doc.timestamp),
    tokens: {
      input: readCount(usage, 'input_tokens'),
      output: readCount(usage, 'output_tokens'),
      ...readCacheWrites(usage),
      cache_read: readCount(usage, 'cache_read_input_tokens'),
    },
  };
}
