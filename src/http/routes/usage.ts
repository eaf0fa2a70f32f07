/**
 * GET /api/projects/{name}/usage: token usage and approximate cost of a project's Claude Code
 * transcripts (src/projects/usage.ts). `usage.mode: off` answers 404. The project is resolved
 * like every project route (names and containment checked first); the per-file cache lives as
 * long as the app, so a second look reads only what the transcripts gained. Requests for one
 * project while its report is being computed share that computation, and at most
 * MAX_CONCURRENT_PROJECTS projects are computed at once.
 */
import { Hono } from 'hono';
import { createConcurrencyLimiter } from '../../auth/password.js';
import { listProjectDirectories } from '../../bridges/external-bridge.js';
import { buildDiscoveryOptions, resolveBridgeEnv } from '../../bridges/supervisor-config.js';
import { resolveProject } from '../../projects/discovery.js';
import { createTranscriptCache } from '../../projects/transcript-file.js';
import { readProjectUsage, toUsageSettings } from '../../projects/usage.js';
import type { UsageReport } from '../../projects/usage-report.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { toHttpError } from './bridge-http.js';

/** Projects whose transcripts are read at the same time (each reads its files one by one). */
export const MAX_CONCURRENT_PROJECTS = 2;

/** Routes of the per-project usage resource. */
export function usageRoutes(ctx: AppContext): Hono {
  const routes = new Hono();
  const cache = createTranscriptCache();
  const limit = createConcurrencyLimiter(MAX_CONCURRENT_PROJECTS);
  const inFlight = new Map<string, Promise<UsageReport>>();

  // One computation per project at a time: a second request waits for the first one's report.
  function computeOnce(name: string, compute: () => Promise<UsageReport>): Promise<UsageReport> {
    const running = inFlight.get(name);
    if (running !== undefined) return running;
    const started = limit(compute).finally(() => inFlight.delete(name));
    inFlight.set(name, started);
    return started;
  }

  routes.get('/api/projects/:name/usage', async (c) => {
    const settings = toUsageSettings(ctx.config.usage);
    if (settings.mode === 'off') {
      throw new HttpError('feature-disabled', 'usage is switched off (usage.mode: off)');
    }
    const discovery = buildDiscoveryOptions(ctx.config);
    const project = await resolveProject(c.req.param('name'), discovery, ctx.deps);
    if (!project.ok) throw toHttpError(project.code, project.detail);
    const directories = listProjectDirectories(project.value, discovery.projectsRoot);
    const env = resolveBridgeEnv(ctx.config, ctx.deps.env);
    const deps = { fs: ctx.deps.fs, env, home: ctx.deps.home, cache };
    const usage = await computeOnce(project.value.name, () =>
      readProjectUsage(directories, settings, deps),
    );
    return c.json({ project: project.value.name, mode: settings.mode, usage });
  });

  return routes;
}
