/**
 * GET /api/projects/{name}/usage: token usage and approximate cost of a project's Claude Code
 * transcripts (src/projects/usage.ts). `usage.mode: off` answers 404. The project is resolved
 * like every project route (names and containment checked first); the per-file cache lives as
 * long as the app, so a second look re-reads only transcripts that changed.
 */
import { Hono } from 'hono';
import { listProjectDirectories } from '../../bridges/external-bridge.js';
import { buildDiscoveryOptions, resolveBridgeEnv } from '../../bridges/supervisor-config.js';
import { resolveProject } from '../../projects/discovery.js';
import { createTranscriptCache } from '../../projects/transcript-file.js';
import { readProjectUsage, toUsageSettings } from '../../projects/usage.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { toHttpError } from './bridge-http.js';

/** Routes of the per-project usage resource. */
export function usageRoutes(ctx: AppContext): Hono {
  const routes = new Hono();
  const cache = createTranscriptCache();

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
    const usage = await readProjectUsage(directories, settings, {
      fs: ctx.deps.fs,
      env,
      home: ctx.deps.home,
      cache,
    });
    return c.json({ project: project.value.name, mode: settings.mode, usage });
  });

  return routes;
}
