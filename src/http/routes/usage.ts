/**
 * GET /api/projects/{name}/usage: token usage and approximate cost of a project's Claude Code
 * transcripts (src/projects/usage.ts). `usage.mode: off` answers 404. The project is resolved
 * like every project route (names and containment checked first); the per-file cache lives as
 * long as the app, so a second look reads only what the transcripts gained. Requests for one
 * project while its report is being computed share that computation, and at most
 * MAX_CONCURRENT_PROJECTS projects are computed at once.
 */
import { Hono } from 'hono';
import { createConcurrencyLimiter, createSingleFlight } from '../../concurrency.js';
import { createTranscriptCache } from '../../projects/transcript-file.js';
import { readProjectUsage, toUsageSettings } from '../../projects/usage.js';
import type { UsageReport } from '../../projects/usage-report.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { findProjectTranscripts } from './project-lookup.js';

/** Projects whose transcripts are read at the same time (each reads its files one by one). */
const MAX_CONCURRENT_PROJECTS = 2;

/** Routes of the per-project usage resource. */
export function usageRoutes(ctx: AppContext): Hono {
  const routes = new Hono();
  const cache = createTranscriptCache();
  const limit = createConcurrencyLimiter(MAX_CONCURRENT_PROJECTS);
  // One computation per project at a time: a second request waits for the first one's report.
  const computeOnce = createSingleFlight<UsageReport>();

  routes.get('/api/projects/:name/usage', async (c) => {
    const settings = toUsageSettings(ctx.config.usage);
    if (settings.mode === 'off') {
      throw new HttpError('feature-disabled', 'usage is switched off (usage.mode: off)');
    }
    const { project, directories, deps } = await findProjectTranscripts(ctx, c.req.param('name'));
    const usage = await computeOnce(project, () =>
      limit(() => readProjectUsage(directories, settings, { ...deps, cache })),
    );
    return c.json({ project, mode: settings.mode, usage });
  });

  return routes;
}
