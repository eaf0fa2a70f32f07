/**
 * POST /api/restart: restart clauster from the dashboard (src/ops/dashboard-restart.ts holds
 * the policy). Behind the /api auth and origin gates like every POST, plus the step-up of the
 * Settings save (src/http/recent-login.ts). The log line and the audit entry are written
 * first (the claim is confirmed only once the entry is written), then 202 `{restarting: true}` is
 * sent, and only once it is on the wire does the close begin; a repeated request while one is
 * under way gets the same answer and starts nothing.
 */
import { Hono } from 'hono';
import { runAfterResponse } from '../after-response.js';
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
      try {
        await ctx.audit.append({ action: 'dashboard.restart', by });
      } catch (error) {
        // Every restart is audited: without the entry there is no restart, and a retry may claim.
        control.release();
        throw error;
      }
      control.confirm();
      runAfterResponse(c, () => control.begin());
    }
    return c.json({ restarting: true }, 202);
  });

  return routes;
}
