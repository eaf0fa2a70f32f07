/**
 * GET /healthz and GET /api/widget. Invariant: an unauthenticated /healthz says only
 * `{"status":"ok"}`; version, claude version, claude login state (never an account or a token),
 * bridge counts and `started_at` (when this dashboard started: the Settings page's restart
 * watches it change) go to an authenticated caller (or anyone when auth is off, where every
 * route is open anyway). /api/widget is behind the auth middleware like every /api route.
 */
import { type Context, Hono } from 'hono';
import { BRIDGE_STATUSES, type Bridge, type BridgeStatus } from '../../bridges/record.js';
import { buildDiscoveryOptions, resolveBridgeEnv } from '../../bridges/supervisor-config.js';
import { createClaudeLoginProbe, formatClaudeLogin } from '../../claude/auth-probe.js';
import { createClaudeVersionProbe } from '../../claude/version-probe.js';
import { listProjects } from '../../projects/discovery.js';
import type { AppContext } from '../context.js';

/** Bridges by status, every status present (0 when none) so widgets see a stable shape. */
export function countBridgesByStatus(bridges: readonly Bridge[]): Record<BridgeStatus, number> {
  const counts = Object.fromEntries(BRIDGE_STATUSES.map((s) => [s, 0])) as Record<
    BridgeStatus,
    number
  >;
  for (const bridge of bridges) counts[bridge.status] += 1;
  return counts;
}

function isAuthenticated(c: Context): boolean {
  return c.get('identity') != null;
}

/** Routes of the health resource. */
export function healthRoutes(ctx: AppContext): Hono {
  const routes = new Hono();
  const claude = {
    binary: ctx.config.claude.binary,
    env: resolveBridgeEnv(ctx.config, ctx.deps.env),
  };
  const claudeVersion = createClaudeVersionProbe(claude, ctx.deps);
  const claudeLogin = ctx.claudeLogin ?? createClaudeLoginProbe(claude, ctx.deps);
  const startedAt = new Date(ctx.deps.clock.now()).toISOString();

  routes.get('/healthz', async (c) => {
    if (!isAuthenticated(c)) return c.json({ status: 'ok' });
    const [version, login] = await Promise.all([claudeVersion.read(), claudeLogin.read()]);
    return c.json({
      status: 'ok',
      version: ctx.version,
      started_at: startedAt,
      claude_version: version,
      claude_login: formatClaudeLogin(login),
      bridges: countBridgesByStatus(ctx.supervisor?.list() ?? []),
    });
  });

  // Homepage/Homarr-style widget summary (reference §3.10).
  routes.get('/api/widget', async (c) => {
    const bridges = countBridgesByStatus(ctx.supervisor?.list() ?? []);
    const projects = await listProjects(buildDiscoveryOptions(ctx.config), ctx.deps);
    return c.json({
      projects_total: projects.ok ? projects.value.length : null,
      bridges,
      running_total: bridges.running,
      version: ctx.version,
    });
  });

  return routes;
}
