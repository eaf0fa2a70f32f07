/**
 * The read-only conversation viewer: a project's main conversations (Claude Code's top-level
 * `<sessionId>.jsonl` files in the project's transcript folders, found like usage does) and
 * the rendered turns of one. Invariants: a session id is checked against the UUID shape
 * before anything touches the disk, so it can never name a path outside the folder; only
 * regular files are read (lstat first, O_NOFOLLOW on open), never a symlink; sub-agent
 * transcripts (`<session>/subagents/`), sidechain-only files and files not named like a
 * session are left out; every string in an answer has been redacted.
 */
import { join } from 'node:path';
import { fail, ok, type Result } from '../result.js';
import type { Fs } from '../system/ports.js';
import {
  type IndexedTurn,
  MAX_TURNS,
  type TranscriptCaches,
  type TranscriptSummary,
} from './transcript-folds.js';
import { listTranscriptFolders, type TranscriptDeps } from './usage.js';

/** Entries a list answer holds at most. */
export const MAX_CONVERSATIONS = 200;
/** The file name Claude Code gives a conversation: `<uuid>.jsonl`. */
const SESSION_ID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SUFFIX = '.jsonl';

export type ConversationSort = 'updated' | 'started';
export const CONVERSATION_SORTS: readonly ConversationSort[] = ['updated', 'started'];

export interface ConversationEntry {
  session_id: string;
  title: string;
  started_at: string | null;
  updated_at: string;
  turns: number;
  size: number;
}

export interface ConversationList {
  conversations: ConversationEntry[];
  /** Conversations that matched, before the cap. */
  total: number;
  unreadable_files: number;
}

export interface Conversation {
  session_id: string;
  turns: IndexedTurn[];
  /** Turns of the conversation left out before the ones shown. */
  truncated: number;
  /** Every turn of the conversation; the next tail asks for turns after `total - 1`. */
  total: number;
  skipped_lines: number;
  size: number;
}

export type ViewerDeps = TranscriptDeps & { caches: TranscriptCaches };

/** True when `id` is shaped like a conversation id (a lower-case UUID). */
export function isSessionId(id: string): boolean {
  return SESSION_ID_RE.test(id);
}

interface Found {
  sessionId: string;
  path: string;
  size: number;
  mtimeMs: number;
}

async function listFolder(folder: string, fs: Fs): Promise<Found[]> {
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
  const found: Found[] = [];
  for (const entry of entries) {
    const sessionId = entry.name.slice(0, -SUFFIX.length);
    if (!entry.isFile() || !entry.name.endsWith(SUFFIX) || !isSessionId(sessionId)) continue;
    const path = join(folder, entry.name);
    const stats = await fs.lstat(path).catch(() => null);
    if (stats?.isFile()) found.push({ sessionId, path, size: stats.size, mtimeMs: stats.mtimeMs });
  }
  return found;
}

// The session files of every folder of the project; a session in two folders counts once.
async function findSessions(directories: readonly string[], deps: TranscriptDeps) {
  const byId = new Map<string, Found>();
  for (const folder of await listTranscriptFolders(directories, deps)) {
    for (const found of await listFolder(folder, deps.fs)) {
      const seen = byId.get(found.sessionId);
      if (seen === undefined || found.mtimeMs > seen.mtimeMs) byId.set(found.sessionId, found);
    }
  }
  return [...byId.values()];
}

// The one file of `sessionId` (already checked to be a UUID, so the name stays in the folder).
async function findSession(directories: readonly string[], sessionId: string, deps: ViewerDeps) {
  let best: Found | undefined;
  for (const folder of await listTranscriptFolders(directories, deps)) {
    const path = join(folder, `${sessionId}${SUFFIX}`);
    const stats = await deps.fs.lstat(path).catch(() => null);
    if (!stats?.isFile() || (best !== undefined && best.mtimeMs >= stats.mtimeMs)) continue;
    best = { sessionId, path, size: stats.size, mtimeMs: stats.mtimeMs };
  }
  return best;
}

function toEntry(found: Found, summary: TranscriptSummary): ConversationEntry {
  return {
    session_id: found.sessionId,
    title: summary.summary ?? summary.firstUser ?? '',
    started_at: summary.startedAt,
    updated_at: new Date(found.mtimeMs).toISOString(),
    turns: summary.turns,
    size: found.size,
  };
}

function compareEntries(sort: ConversationSort) {
  const key = (entry: ConversationEntry) =>
    sort === 'started' ? (entry.started_at ?? '') : entry.updated_at;
  return (a: ConversationEntry, b: ConversationEntry) =>
    key(b).localeCompare(key(a)) || a.session_id.localeCompare(b.session_id);
}

/** The main conversations of a project, newest first, filtered by `query` on the title. */
export async function listConversations(
  directories: readonly string[],
  options: { sort: ConversationSort; query: string },
  deps: ViewerDeps,
): Promise<ConversationList> {
  const entries: ConversationEntry[] = [];
  let unreadable = 0;
  const query = options.query.trim().toLowerCase();
  for (const found of await findSessions(directories, deps)) {
    const read = await deps.caches.summaries.read(found.path, deps);
    if (!read.ok) {
      unreadable += 1;
      continue;
    }
    const summary = read.value;
    if (summary.mainLines === 0 && summary.sidechainLines > 0) continue;
    const entry = toEntry(found, summary);
    if (query === '' || entry.title.toLowerCase().includes(query)) entries.push(entry);
  }
  entries.sort(compareEntries(options.sort));
  return {
    conversations: entries.slice(0, MAX_CONVERSATIONS),
    total: entries.length,
    unreadable_files: unreadable,
  };
}

export type ConversationRefusal = 'invalid-session-id' | 'unknown-conversation' | 'unreadable';

/**
 * The last turns of one conversation, or only those after turn `after` (the live tail).
 * A malformed id is refused before the disk is touched; a symlink is not a conversation.
 */
export async function readConversation(
  directories: readonly string[],
  request: { sessionId: string; after?: number },
  deps: ViewerDeps,
): Promise<Result<Conversation, ConversationRefusal>> {
  const { sessionId } = request;
  if (!isSessionId(sessionId)) {
    return fail('invalid-session-id', 'session: expected a conversation id (a lower-case UUID)');
  }
  const found = await findSession(directories, sessionId, deps);
  if (found === undefined) {
    return fail('unknown-conversation', 'session: no such conversation in this project');
  }
  const read = await deps.caches.conversations.read(found.path, deps);
  if (!read.ok) return fail('unreadable', 'session: the transcript could not be read');
  const state = read.value;
  const shown = state.turns.slice(-MAX_TURNS);
  const after = request.after;
  const turns = after === undefined ? shown : shown.filter((turn) => turn.index > after);
  const first = turns[0]?.index ?? state.total;
  return ok({
    session_id: sessionId,
    turns,
    truncated: after === undefined ? first : Math.max(0, first - after - 1),
    total: state.total,
    skipped_lines: state.skipped,
    size: found.size,
  });
}
