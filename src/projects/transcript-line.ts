/**
 * One line of a Claude Code transcript (`<claude dir>/projects/<key>/<sessionId>.jsonl`), read
 * for its token usage only. Invariant: a line is never fatal. Assistant lines carry
 * `message.usage`; every other valid line is `other`; a line that is not a JSON object, or an
 * assistant line without a usage object, is `skipped`; `<synthetic>` turns cost nothing.
 */

export interface TokenCounts {
  input: number;
  output: number;
  cache_write: number;
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
    cache_write: Math.max(a.cache_write, b.cache_write),
    cache_read: Math.max(a.cache_read, b.cache_read),
  };
}

/** The model Claude Code records for turns it made up itself (errors, interruptions). */
export const SYNTHETIC_MODEL = '<synthetic>';
/** The model name used when a usage line names none. */
export const UNKNOWN_MODEL = 'unknown';
const MAX_ID_LENGTH = 200;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// A missing or nonsensical count is 0: the turn is still counted with what it does say.
function readCount(usage: Record<string, unknown>, key: string): number {
  const value = usage[key];
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
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
  if (line.trim().length === 0) return { kind: 'blank' };
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch {
    return { kind: 'skipped' };
  }
  if (!isRecord(doc)) return { kind: 'skipped' };
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
      cache_write: readCount(usage, 'cache_creation_input_tokens'),
      cache_read: readCount(usage, 'cache_read_input_tokens'),
    },
  };
}
