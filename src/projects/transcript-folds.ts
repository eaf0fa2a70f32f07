/**
 * What the conversation viewer keeps of a transcript file, built line by line through the
 * shared line cache: a small summary for the list (title, start, turn count) and the last
 * turns for the conversation view. Invariants: sidechain lines (sub-agent turns) are never
 * rendered or counted as turns; everything kept has been through the renderer's redaction
 * (the summary only scans lines and redacts just the title and start it keeps);
 * a conversation keeps at most 2 × MAX_TURNS turns in memory and shows the last MAX_TURNS.
 */

import { redactText } from '../security/redact.js';
import { createLineCache, type LineCache, type LineFold } from './line-cache.js';
import {
  readTimestamp,
  redactAndCut,
  renderTranscriptLine,
  scanTranscriptLine,
  type Turn,
} from './transcript-render.js';

/** Turns a conversation answer holds: the last ones. */
export const MAX_TURNS = 500;
/** Longest list title, in characters. */
export const MAX_TITLE = 120;

export interface TranscriptSummary {
  /** The summary line's text, if any (redacted, cut). */
  summary: string | null;
  /** The first user text of the main conversation (redacted, cut). */
  firstUser: string | null;
  startedAt: string | null;
  turns: number;
  /** Lines of the main conversation (not sidechain) that rendered. */
  mainLines: number;
  sidechainLines: number;
  skipped: number;
}

export type IndexedTurn = Turn & { index: number };

export interface ConversationState {
  /** The last turns, oldest first (at most 2 × MAX_TURNS before trimming). */
  turns: IndexedTurn[];
  /** Every turn of the main conversation so far. */
  total: number;
  skipped: number;
}

const SUMMARY_FOLD: LineFold<TranscriptSummary> = {
  create: () => ({
    summary: null,
    firstUser: null,
    startedAt: null,
    turns: 0,
    mainLines: 0,
    sidechainLines: 0,
    skipped: 0,
  }),
  copy: (value) => ({ ...value }),
  // Counting only: rendering and redacting every block of every file just for a title and a
  // count made a list cost several times the usage reader.
  line(value, text) {
    const line = scanTranscriptLine(text);
    if (line.kind === 'skipped') value.skipped += 1;
    if (line.kind !== 'turns') return;
    if (line.sidechain) {
      value.sidechainLines += 1;
      return;
    }
    value.mainLines += 1;
    value.turns += line.turns;
    if (value.startedAt === null) value.startedAt = readTimestamp(line.timestamp);
    if (line.summary !== null) value.summary ??= redactAndCut(line.summary, MAX_TITLE);
    for (const raw of line.userTexts) {
      if (value.firstUser !== null) break;
      if (raw.trim() === '') continue;
      const title = redactText(raw).trim();
      // Already redacted: only the cut is left to do (a slice cannot expose a masked span).
      if (title !== '') value.firstUser = redactAndCut(title.slice(0, MAX_TITLE + 1), MAX_TITLE);
    }
  },
  skip(value) {
    value.skipped += 1;
  },
  weight: () => 1,
};

const CONVERSATION_FOLD: LineFold<ConversationState> = {
  create: () => ({ turns: [], total: 0, skipped: 0 }),
  copy: (value) => ({ ...value, turns: [...value.turns] }),
  line(value, text) {
    const line = renderTranscriptLine(text);
    if (line.kind === 'skipped') value.skipped += 1;
    if (line.kind !== 'turns' || line.sidechain) return;
    for (const turn of line.turns) {
      value.turns.push({ index: value.total, ...turn });
      value.total += 1;
    }
    if (value.turns.length > 2 * MAX_TURNS) value.turns = value.turns.slice(-MAX_TURNS);
  },
  skip(value) {
    value.skipped += 1;
  },
  // About one unit per KiB of text kept.
  weight: (value) =>
    1 +
    Math.ceil(
      value.turns.reduce((sum, turn) => sum + turn.text.length + (turn.tool ? 600 : 0), 0) / 1024,
    ),
};

/** Summaries kept for the list (one unit each). */
export const SUMMARY_CACHE_FILES = 5000;
/** Text kept for open conversations, in KiB. */
export const CONVERSATION_CACHE_KIB = 16 * 1024;

export interface TranscriptCaches {
  summaries: LineCache<TranscriptSummary>;
  conversations: LineCache<ConversationState>;
}

/** The caches of the viewer (one per server); `maxLineBytes` lowers the line cap in tests. */
export function createTranscriptCaches(options: { maxLineBytes?: number } = {}): TranscriptCaches {
  const { maxLineBytes } = options;
  return {
    summaries: createLineCache(SUMMARY_FOLD, { maxWeight: SUMMARY_CACHE_FILES, maxLineBytes }),
    conversations: createLineCache(CONVERSATION_FOLD, {
      maxWeight: CONVERSATION_CACHE_KIB,
      maxLineBytes,
    }),
  };
}
