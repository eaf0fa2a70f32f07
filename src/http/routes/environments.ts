/**
 * GET /api/environments/ghosts and POST /api/environments/reap (reaper in the dashboard).
 * Invariants: both answer 404 unless `reaper.ui_enabled: true`; a reap needs `confirm` equal
 * to `archive` or `DELETE` for its action and acts only on ids in the ghost set recomputed
 * by this request (other ids come back `skipped`).
 */
import { Hono } from 'hono';
import type { ReapAction, ReaperSettings, ReapRefusal } from '../../reaper/reap.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { refuseUnknownFields } from './bridge-http.js';

const MAX_IDS = 1000;
const ID_RE = /^[A-Za-z0-9_-]{1,200}$/;
const REAP_FIELDS: ReadonlySet<string> = new Set(['action', 'ids', 'confirm']);
const CONFIRM_BY_ACTION: Record<ReapAction, string> = { archive: 'archive', delete: 'DELETE' };

function toHttpError(refusal: { code: ReapRefusal; detail: string }): HttpError {
  if (refusal.code === 'live-set-unknown') return new HttpError('live-set-unknown', refusal.detail);
  if (refusal.code === 'api-failed') return new HttpError('reaper-api-failed', refusal.detail);
  return new HttpError('reaper-credentials', refusal.detail);
}

function parseReapBody(body: unknown): { action: ReapAction; ids: string[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError('bad-request', 'body: expected a JSON object');
  }
  refuseUnknownFields(body as Record<string, unknown>, REAP_FIELDS, 'action, ids and confirm');
  const { action, ids, confirm } = body as Record<string, unknown>;
  if (action !== 'archive' && action !== 'delete') {
    throw new HttpError('invalid-option', "action: expected 'archive' or 'delete'");
  }
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_IDS) {
    throw new HttpError(
      'invalid-option',
      `ids: expected a list of 1 to ${MAX_IDS} environment ids`,
    );
  }
  if (!ids.every((id): id is string => typeof id === 'string' && ID_RE.test(id))) {
    throw new HttpError('invalid-option', 'ids: expected environment ids of [A-Za-z0-9_-]');
  }
  const expected = CONFIRM_BY_ACTION[action];
  if (confirm !== expected) {
    throw new HttpError('invalid-option', `confirm: expected "${expected}" for action ${action}`);
  }
  return { action, ids };
}

/** Routes of the environments resource. */
export function environmentsRoutes(ctx: AppContext): Hono {
  const routes = new Hono();
  const settings = (): ReaperSettings => ({
    stateDir: ctx.stateDir,
    projectsRoot: ctx.config.projects_root ?? null,
    apiBaseUrl: ctx.config.reaper.api_base_url,
  });

  routes.use('/api/environments/*', async (_c, next) => {
    if (!ctx.config.reaper.ui_enabled) {
      throw new HttpError('feature-disabled', 'the reaper is off (reaper.ui_enabled: false)');
    }
    await next();
  });

  routes.get('/api/environments/ghosts', async (c) => {
    const { scanGhosts } = await import('../../reaper/reap.js');
    const scan = await scanGhosts(settings(), ctx.deps);
    if (!scan.ok) throw toHttpError(scan);
    const ghosts = scan.value.ghosts.map((g) => ({
      id: g.id,
      directory: g.directory,
      name: g.name,
      last_activity: g.last_activity,
      reason: g.reason,
      archived: g.archived,
    }));
    return c.json({ ghosts, warnings: scan.value.warnings });
  });

  routes.post('/api/environments/reap', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new HttpError('invalid-json', 'body: expected a JSON object');
    }
    const request = parseReapBody(body);
    const { reapEnvironments } = await import('../../reaper/reap.js');
    const result = await reapEnvironments(request, settings(), { ...ctx.deps, audit: ctx.audit });
    if (!result.ok) throw toHttpError(result);
    return c.json({ results: result.value.results, warnings: result.value.warnings });
  });
  return routes;
}
