/**
 * Projects routes: GET /api/projects, POST /api/projects/{name}/trust and
 * POST /api/projects/{name}/start. The policy lives in src/projects, src/claude and
 * src/bridges; this module parses, calls and maps.
 */
import { Hono } from 'hono';
import { buildDiscoveryOptions, resolveBridgeEnv } from '../../bridges/supervisor-config.js';
import { TrustFileError } from '../../claude/trust-file.js';
import { resolveProject } from '../../projects/discovery.js';
import { describeProject, describeProjects } from '../../projects/project-view.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import {
  readOptionalObject,
  requireSupervisor,
  requireTrustWriter,
  toHttpError,
} from './bridge-http.js';

/** Routes of the projects resource. */
export function projectsRoutes(ctx: AppContext): Hono {
  const routes = new Hono();
  const discovery = () => buildDiscoveryOptions(ctx.config);
  const viewOptions = () => ({
    bridgeEnv: resolveBridgeEnv(ctx.config, ctx.deps.env),
    home: ctx.deps.home,
    bridges: ctx.supervisor?.list() ?? [],
  });

  routes.get('/api/projects', async (c) => {
    const projects = await describeProjects(discovery(), viewOptions(), ctx.deps);
    if (!projects.ok) throw toHttpError(projects.code, projects.detail);
    return c.json({ projects: projects.value });
  });

  routes.post('/api/projects/:name/trust', async (c) => {
    const project = await resolveProject(c.req.param('name'), discovery(), ctx.deps);
    if (!project.ok) throw toHttpError(project.code, project.detail);
    try {
      const changed = await requireTrustWriter(ctx).setTrusted(project.value.path);
      await ctx.audit.append({
        action: 'project.trust',
        project: project.value.name,
        path: project.value.path,
        changed,
      });
    } catch (error) {
      if (error instanceof TrustFileError)
        throw new HttpError(error.code, error.message, { status: 409 });
      throw error;
    }
    ctx.bus.publish({ type: 'projects-changed' });
    return c.json({ project: await describeProject(project.value, viewOptions(), ctx.deps) });
  });

  routes.post('/api/projects/:name/start', async (c) => {
    const body = await readOptionalObject(c);
    const { permission_mode, spawn_mode, name, capacity, confirm } = body;
    const started = await requireSupervisor(ctx).start(c.req.param('name'), {
      permission_mode,
      spawn_mode,
      name,
      capacity,
      confirm,
    });
    if (!started.ok) throw toHttpError(started.code, started.detail);
    return c.json({ bridge: started.value }, 201);
  });

  return routes;
}
