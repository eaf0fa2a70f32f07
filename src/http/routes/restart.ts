/**
 * POST /api/restart: restart clauster from the dashboard (src/ops/dashboard-restart.ts holds
 * the policy). Behind the /api auth and origin gates like every POST, plus the step-up of the
 * Settings save (src/http/recent-login.ts). Answers 202 `{restarting: true}` before anything
 * closes; a repeated request while one is under way gets the same answer and starts nothing.
 */
import { Hono } from 'hono';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { requireRecentLogin } from '../recent-login.js';
import { readOptionalObject, refuseUnknownFields } from './bridge-http.js';

const NO_FIELDS: ReadonlySet<string> = new Set();

/** Routes of the dashboard restart. */
export function restartRoutes(ctx: AppContext): Hono {
  const routes = new Hono();

  routes.post('/api/restart', async (c) => {
    const identity = c.get('identity');
    requireRecentLogin(identity, ctx.deps.clock.now(), 'restart clauster');
    refuseUnknownFields(await readOptionalObject(c), NO_FIELDS, 'an empty body', 'bad-request');
    const control = ctx.restart;
    if (control === undefined) {
      throw new HttpError('restart-unsupported', 'this dashboard cannot restart itself');
    }
    const requested = control.request();
    if (!requested.ok) throw new HttpError(requested.code, requested.detail);
    if (!requested.value.already) {
      const by = identity?.kind ?? null;
      // The identity kind only: never a user name, token id or session id.
      ctx.logger.info(`restart requested by ${by ?? 'unknown'}`);
      await ctx.audit.append({ action: 'dashboard.restart', by });
    }
    return c.json({ restarting: true }, 202);
  });

  return routes;
}
