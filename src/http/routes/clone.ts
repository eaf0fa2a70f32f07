/**
 * Clone routes: POST /api/projects/clone, POST /api/clone/check, GET and DELETE
 * /api/clone-jobs/{id}. Invariants: every route answers 404 unless `clone.enabled`; the
 * policy lives in src/projects/clone-jobs.ts, so a refused URL spawns nothing and creates
 * nothing; every message is already redacted by the service.
 */

import type { Context } from 'hono';
import { Hono } from 'hono';
import type { CloneService } from '../../projects/clone-jobs.js';
import { buildCloneCancelEntry, buildCloneStartEntry } from '../../projects/project-audit.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { refuseUnknownFields } from './bridge-http.js';

const CLONE_FIELDS: ReadonlySet<string> = new Set(['url', 'name', 'depth']);
const CHECK_FIELDS: ReadonlySet<string> = new Set(['url']);

async function readObject(c: Context): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new HttpError('invalid-json', 'body: expected JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError('bad-request', 'body: expected a JSON object');
  }
  return body as Record<string, unknown>;
}

/** Routes of the clone resource. */
export function cloneRoutes(ctx: AppContext): Hono {
  const routes = new Hono();
  const service = (): CloneService => {
    if (!ctx.config.clone.enabled || ctx.clone === undefined) {
      throw new HttpError('feature-disabled', 'cloning is off (clone.enabled: false)');
    }
    return ctx.clone;
  };
  const gate = async (_c: Context, next: () => Promise<void>): Promise<void> => {
    service();
    await next();
  };
  routes.use('/api/projects/clone', gate);
  routes.use('/api/clone/*', gate);
  routes.use('/api/clone-jobs/*', gate);

  routes.post('/api/projects/clone', async (c) => {
    const body = await readObject(c);
    refuseUnknownFields(body, CLONE_FIELDS, 'url and optionally name and depth');
    const { url, name, depth } = body;
    const started = await service().start({ url, name, depth });
    if (!started.ok) throw new HttpError(started.code, started.detail);
    const job = started.value;
    await ctx.audit.append(buildCloneStartEntry(job));
    return c.json({ job }, 202);
  });

  routes.post('/api/clone/check', async (c) => {
    const body = await readObject(c);
    refuseUnknownFields(body, CHECK_FIELDS, 'only url');
    const { url } = body;
    const verdict = await service().check(url);
    return c.json({ allowed: verdict.ok, rule: verdict.rule, detail: verdict.detail });
  });

  routes.get('/api/clone-jobs/:id', (c) => {
    const job = service().get(c.req.param('id'));
    if (job === undefined) throw new HttpError('unknown-job', 'no clone job with that id');
    return c.json({ job });
  });

  routes.delete('/api/clone-jobs/:id', async (c) => {
    const job = service().cancel(c.req.param('id'));
    if (job === undefined) throw new HttpError('unknown-job', 'no clone job with that id');
    await ctx.audit.append(buildCloneCancelEntry(job));
    return c.json({ job });
  });

  return routes;
}
