/**
 * The read-only conversation viewer (src/projects/transcripts.ts):
 *   GET /api/projects/{name}/transcripts?sort=updated|started&q=   the main conversations
 *   GET /api/projects/{name}/transcripts/{session}                  its last turns
 *   GET /api/projects/{name}/transcripts/{session}/tail?after=N     only turns after index N
 * The dashboard's live view polls `tail` (no WebSocket: a poll every few seconds while the tab
 * is visible costs one lstat when nothing changed, and only the appended bytes otherwise).
 * The per-file caches live as long as the app; requests for one file share its read, and
 * requests for one project's list share one computation (at most two projects at once).
 */
import { Hono } from 'hono';
import { createConcurrencyLimiter } from '../../auth/password.js';
import { listProjectDirectories } from '../../bridges/external-bridge.js';
import { buildDiscoveryOptions, resolveBridgeEnv } from '../../bridges/supervisor-config.js';
import { resolveProject } from '../../projects/discovery.js';
import { createTranscriptCaches } from '../../projects/transcript-folds.js';
import {
  CONVERSATION_SORTS,
  type ConversationList,
  type ConversationSort,
  isSessionId,
  listConversations,
  readConversation,
  type ViewerDeps,
} from '../../projects/transcripts.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { toHttpError } from './bridge-http.js';

const MAX_QUERY_LENGTH = 200;
const MAX_AFTER_DIGITS = 9;

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
  if (!new RegExp(`^(?:-1|\\d{1,${MAX_AFTER_DIGITS}})$`).test(value)) {
    throw new HttpError('invalid-option', 'after: expected a turn index (an integer ≥ -1)');
  }
  return Number(value);
}

/** Routes of the per-project conversation viewer. */
export function transcriptsRoutes(ctx: AppContext): Hono {
  const routes = new Hono();
  const caches = createTranscriptCaches();
  const limit = createConcurrencyLimiter(2);
  const inFlight = new Map<string, Promise<ConversationList>>();

  async function resolve(name: string) {
    const discovery = buildDiscoveryOptions(ctx.config);
    const project = await resolveProject(name, discovery, ctx.deps);
    if (!project.ok) throw toHttpError(project.code, project.detail);
    const directories = listProjectDirectories(project.value, discovery.projectsRoot);
    const env = resolveBridgeEnv(ctx.config, ctx.deps.env);
    const deps: ViewerDeps = { fs: ctx.deps.fs, env, home: ctx.deps.home, caches };
    return { project: project.value.name, directories, deps };
  }

  routes.get('/api/projects/:name/transcripts', async (c) => {
    const sort = readSort(c.req.query('sort'));
    const query = readQuery(c.req.query('q'));
    const { project, directories, deps } = await resolve(c.req.param('name'));
    const key = JSON.stringify([project, sort, query]);
    let list = inFlight.get(key);
    if (list === undefined) {
      list = limit(() => listConversations(directories, { sort, query }, deps));
      const started = list;
      inFlight.set(key, started);
      void started.finally(() => inFlight.delete(key)).catch(() => undefined);
    }
    return c.json({ project, sort, ...(await list) });
  });

  async function answer(name: string, sessionId: string, after?: number) {
    if (!isSessionId(sessionId)) {
      throw new HttpError('invalid-session-id', 'session: expected a conversation id (a UUID)');
    }
    const { project, directories, deps } = await resolve(name);
    const request = after === undefined ? { sessionId } : { sessionId, after };
    const read = await readConversation(directories, request, deps);
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
