/**
 * The usage of one transcript file as it is kept in memory: one compact record per message
 * id (the model, a shared string, and five counts in a single object), the turns without an
 * id, the sessions and the time span. Invariant: a record is never changed once stored (a
 * merge makes a new one), so a cached file's usage can be copied cheaply and extended.
 */
import { maxTokens, type TokenCounts, type UsageLine } from './transcript-line.js';

/** One counted turn. */
export interface MessageUsage extends TokenCounts {
  model: string;
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

// A transcript names a handful of models: one string each, not one per message.
const MAX_INTERNED = 1000;
const interned = new Map<string, string>();

function intern(model: string): string {
  const known = interned.get(model);
  if (known !== undefined) return known;
  if (interned.size < MAX_INTERNED) interned.set(model, model);
  return model;
}

/** A record of `tokens` used by `model` (always built in the same shape). */
export function toMessageUsage(model: string, tokens: TokenCounts): MessageUsage {
  return {
    model: intern(model),
    input: tokens.input,
    output: tokens.output,
    cache_write_5m: tokens.cache_write_5m,
    cache_write_1h: tokens.cache_write_1h,
    cache_read: tokens.cache_read,
  };
}

/** Two records of one message id: the first model, the largest count of each field. */
export function mergeMessageUsage(seen: MessageUsage, next: MessageUsage): MessageUsage {
  return toMessageUsage(seen.model, maxTokens(seen, next));
}

export function createFileUsage(): FileUsage {
  const usage = { messages: new Map(), anonymous: [], sessions: new Set<string>() };
  return { ...usage, first: null, last: null, skipped: 0 };
}

/** A copy that can be extended without changing `usage` (the records are shared). */
export function copyFileUsage(usage: FileUsage): FileUsage {
  return {
    messages: new Map(usage.messages),
    anonymous: [...usage.anonymous],
    sessions: new Set(usage.sessions),
    first: usage.first,
    last: usage.last,
    skipped: usage.skipped,
  };
}

/** Adds one usage line to `file`. */
export function addUsageLine(file: FileUsage, line: UsageLine): void {
  if (line.sessionId !== null) file.sessions.add(line.sessionId);
  if (line.time !== null) {
    if (file.first === null || line.time < file.first) file.first = line.time;
    if (file.last === null || line.time > file.last) file.last = line.time;
  }
  const record = toMessageUsage(line.model, line.tokens);
  if (line.messageId === null) {
    file.anonymous.push(record);
    return;
  }
  const seen = file.messages.get(line.messageId);
  file.messages.set(line.messageId, seen ? mergeMessageUsage(seen, record) : record);
}

/** Messages a file's usage holds, the unit of the cache cap. */
export function countMessages(usage: FileUsage): number {
  return usage.messages.size + usage.anonymous.length;
}
