/**
 * GET and PUT /api/config: the dashboard's Tier-A config editor. The policy (allowlist, bypass
 * refusal, hash guard, full check, guarded write) lives in src/config/config-edit.ts. Here:
 * the strict body, the step-up (src/http/recent-login.ts) and the audit entry, which names
 * keys and only the old/new of booleans, numbers and enums.
 */
import { Hono } from 'hono';
import { SHA256_HEX_RE } from '../../config/schema.js';
import { currentUser } from '../../state/file-owner.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { requireRecentLogin } from '../recent-login.js';
import { readOptionalObject, refuseUnknownFields } from './bridge-http.js';

const FIELDS = new Set(['base_sha256', 'changes']);

function readBody(body: Record<string, unknown>): {
  baseSha256: string;
  changes: Record<string, unknown>;
} {
  refuseUnknownFields(body, FIELDS, 'base_sha256 and changes', 'bad-request');
  const base = body.base_sha256;
  if (typeof base !== 'string' || !SHA256_HEX_RE.test(base)) {
    throw new HttpError(
      'bad-request',
      'base_sha256: expected the 64 hex digits GET /api/config gave',
    );
  }
  const changes = body.changes;
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) {
    throw new HttpError('bad-request', 'changes: expected an object of key: value');
  }
  return { baseSha256: base, changes: changes as Record<string, unknown> };
}

/** Routes of the config editor. */
export function configRoutes(ctx: AppContext): Hono {
  const routes = new Hono();
  const source = () => ctx.configSource ?? { path: null, cwd: process.cwd() };

  routes.get('/api/config', async (c) => {
    // The editor (and the yaml parser behind it) is loaded on first use, not at start-up.
    const { readEditorView } = await import('../../config/config-view.js');
    const view = await readEditorView(source().path, ctx.config, ctx.deps);
    // The Settings page shows "Restart clauster" only when a supervisor will start it again.
    return c.json({ ...view, restart_available: ctx.restart?.available ?? false });
  });

  routes.put('/api/config', async (c) => {
    const identity = c.get('identity');
    requireRecentLogin(identity, ctx.deps.clock.now(), 'save settings');
    const body = readBody(await readOptionalObject(c));
    const user = currentUser();
    const { path, cwd } = source();
    const { editConfigFile } = await import('../../config/config-edit.js');
    const edited = await editConfigFile({ path, cwd, user, ...body }, ctx.deps);
    if (!edited.ok) {
      const extra: Record<string, unknown> = {};
      if (edited.problems) extra.problems = edited.problems;
      if (edited.currentSha256 !== undefined) extra.current_sha256 = edited.currentSha256;
      const lines = edited.problems ? `: ${edited.problems.join('; ')}` : '';
      throw new HttpError(edited.code, `${edited.detail}${lines}`, { extra });
    }
    const { sha256, backup, keys, warning } = edited.value;
    // The file is replaced even when only the directory fsync or the prune after it failed.
    if (warning !== null) ctx.logger.warn(`config edited, but ${warning}`, { backup });
    await ctx.audit.append({ action: 'config.edit', path, by: identity?.kind ?? null, keys });
    ctx.logger.info('config edited from the dashboard', { keys: keys.map((k) => k.key) });
    return c.json({
      sha256,
      backup,
      restart_required: true,
      message: 'Saved; restart clauster to apply',
    });
  });

  return routes;
}
