/**
 * What the conversation viewer keeps of a transcript file, built line by line through the
 * shared line cache: a small summary for the list (title, start, turn count) and the last
 * turns for the conversation view. Invariants: sidechain lines (sub-agent turns) are never
 * rendered or counted as turns; everything kept has been through the renderer's redaction;
 * a conversation keeps at most 2 × MAX_TURNS turns in memory and shows the last MAX_TURNS.
 */
import { createLineCache, type LineCache, type LineFold } from './line-cache.js';
import { redactAndCut, renderTranscriptLine, type Turn } from './transcript-render.js';

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
  line(value, text) {
    const line = renderTranscriptLine(text);
    if (line.kind === 'skipped') value.skipped += 1;
    if (line.kind !== 'turns') return;
    if (line.sidechain) {
      value.sidechainLines += 1;
      return;
    }
    value.mainLines += 1;
    value.turns += line.turns.length;
    value.startedAt ??= line.at;
    for (const turn of line.turns) {
      if (turn.role === 'summary') value.summary ??= redactAndCut(turn.text, MAX_TITLE);
      else if (turn.role === 'user' && turn.text.trim() !== '')
        value.firstUser ??= redactAndCut(turn.text.trim(), MAX_TITLE);
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
  const line = options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes };
  return {
    summaries: createLineCache(SUMMARY_FOLD, { maxWeight: SUMMARY_CACHE_FILES, ...line }),
    conversations: createLineCache(CONVERSATION_FOLD, {
      maxWeight: CONVERSATION_CACHE_KIB,
      ...line,
    }),
  };
}
