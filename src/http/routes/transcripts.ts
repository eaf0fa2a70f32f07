/**
 * The read-only conversation viewer (src/projects/transcripts.ts):
 *   GET /api/projects/{name}/transcripts?sort=updated|started&q=   the main conversations
 *   GET /api/projects/{name}/transcripts/{session}                  its last turns
 *   GET /api/projects/{name}/transcripts/{session}/tail?after=N     only turns after index N
 * The dashboard's live view polls `tail` (no WebSocket: a poll every few seconds while the tab
 * is visible costs the project lookup, an lstat of each transcript folder and of the file in
 * it, and the cache's lstat when nothing changed; only the appended bytes otherwise).
 * The per-file caches live as long as the app. Identical requests running at once share one
 * computation (a list per project, sort and query; a read per conversation and `after`), and
 * at most MAX_CONCURRENT_READS lists or reads run at once.
 */
import { Hono } from 'hono';
import { createConcurrencyLimiter, createSingleFlight } from '../../concurrency.js';
import { createTranscriptCaches } from '../../projects/transcript-folds.js';
import {
  CONVERSATION_SORTS,
  type Conversation,
  type ConversationList,
  type ConversationRefusal,
  type ConversationSort,
  isSessionId,
  listConversations,
  readConversation,
} from '../../projects/transcripts.js';
import type { Result } from '../../result.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { findProjectTranscripts } from './project-lookup.js';

/** Lists and conversation reads running at the same time. */
const MAX_CONCURRENT_READS = 2;
const MAX_QUERY_LENGTH = 200;
const MAX_AFTER_DIGITS = 9;
const AFTER_RE = new RegExp(`^(?:-1|\\d{1,${MAX_AFTER_DIGITS}})$`);

function readSort(value: string | undefined): ConversationSort {
  if (value === undefined || value === '') return 'updated';
  const sort = CONVERSATION_SORTS.find((known) => known === value);
  if (sort === undefined)
    throw new HttpError('invalid-option', "sort: expected 'updated' or 'started'");
  return sort;
}

function readQuery(value: string | undefined): string {
  if (value === undefined) return '';
  if (value.length > MAX_QUERY_LENGTH) {
    throw new HttpError('invalid-option', `q: at most ${MAX_QUERY_LENGTH} characters`);
  }
  return value;
}

function readAfter(value: string | undefined): number {
  if (value === undefined || value === '') return -1;
  if (!AFTER_RE.test(value)) {
    throw new HttpError('invalid-option', 'after: expected a turn index (an integer ≥ -1)');
  }
  return Number(value);
}

/** Routes of the per-project conversation viewer. */
export function transcriptsRoutes(ctx: AppContext): Hono {
  const routes = new Hono();
  const caches = createTranscriptCaches();
  const limit = createConcurrencyLimiter(MAX_CONCURRENT_READS);
  const listOnce = createSingleFlight<ConversationList>();
  const readOnce = createSingleFlight<Result<Conversation, ConversationRefusal>>();

  async function resolve(name: string) {
    const found = await findProjectTranscripts(ctx, name);
    return { ...found, deps: { ...found.deps, caches } };
  }

  routes.get('/api/projects/:name/transcripts', async (c) => {
    const sort = readSort(c.req.query('sort'));
    const query = readQuery(c.req.query('q'));
    const { project, directories, deps } = await resolve(c.req.param('name'));
    const list = await listOnce(JSON.stringify([project, sort, query]), () =>
      limit(() => listConversations(directories, { sort, query }, deps)),
    );
    return c.json({ project, sort, ...list });
  });

  async function answer(name: string, sessionId: string, after?: number) {
    if (!isSessionId(sessionId)) {
      throw new HttpError(
        'invalid-session-id',
        'session: expected a conversation id (a lower-case UUID)',
      );
    }
    const { project, directories, deps } = await resolve(name);
    const request = after === undefined ? { sessionId } : { sessionId, after };
    const read = await readOnce(JSON.stringify([project, sessionId, after ?? null]), () =>
      limit(() => readConversation(directories, request, deps)),
    );
    if (read.ok) return { project, ...read.value };
    if (read.code === 'unreadable') throw new HttpError('transcript-unreadable', read.detail);
    throw new HttpError(read.code, read.detail);
  }

  routes.get('/api/projects/:name/transcripts/:session', async (c) =>
    c.json(await answer(c.req.param('name'), c.req.param('session'))),
  );

  routes.get('/api/projects/:name/transcripts/:session/tail', async (c) => {
    const after = readAfter(c.req.query('after'));
    return c.json(await answer(c.req.param('name'), c.req.param('session'), after));
  });

  return routes;
}
