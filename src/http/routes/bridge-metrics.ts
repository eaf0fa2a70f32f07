/**
 * Per-bridge resource metrics (config `metrics.*`): GET /api/metrics (every live bridge) and
 * GET /api/projects/{name}/metrics (totals over the project's live bridges). With
 * metrics.enabled false both answer 404 feature-disabled. A request keeps the sampler
 * polling for one more interval, so the next one finds a CPU %.
 */
import { Hono } from 'hono';
import { buildBridgeMetrics, buildProjectMetrics } from '../../bridges/bridge-resources.js';
import type { ResourceSampler } from '../../bridges/resource-sampler.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { requireSupervisor } from './bridge-http.js';
import { findProject } from './project-lookup.js';

function requireSampler(ctx: AppContext): ResourceSampler {
  if (!ctx.config.metrics.enabled || ctx.resources === undefined) {
    throw new HttpError('feature-disabled', 'resource metrics are off (metrics.enabled: false)');
  }
  return ctx.resources;
}

/** Routes of the per-bridge resource metrics. */
export function bridgeMetricsRoutes(ctx: AppContext): Hono {
  const routes = new Hono();

  routes.get('/api/metrics', async (c) => {
    const sampler = requireSampler(ctx);
    const supervisor = requireSupervisor(ctx);
    const table = await sampler.read();
    return c.json({
      normalize_cpu: ctx.config.metrics.normalize_cpu,
      bridges: buildBridgeMetrics(supervisor.list(), table),
    });
  });

  routes.get('/api/projects/:name/metrics', async (c) => {
    const sampler = requireSampler(ctx);
    const supervisor = requireSupervisor(ctx);
    const project = await findProject(ctx, c.req.param('name'));
    const table = await sampler.read();
    return c.json({
      normalize_cpu: ctx.config.metrics.normalize_cpu,
      ...buildProjectMetrics(project.name, supervisor.list(), table),
    });
  });

  return routes;
}
