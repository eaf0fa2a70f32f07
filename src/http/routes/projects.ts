/**
 * Projects routes: GET /api/projects, POST /api/projects/{name}/trust,
 * POST /api/projects/trust-all, POST /api/projects/{name}/start and
 * POST /api/projects/{name}/adopt. The policy lives in src/projects, src/claude and
 * src/bridges; this module parses, calls and maps.
 */
import { Hono } from 'hono';
import { buildDiscoveryOptions, resolveBridgeEnv } from '../../bridges/supervisor-config.js';
import { TrustFileError } from '../../claude/trust-file.js';
import { resolveProject } from '../../projects/discovery.js';
import { buildTrustAllEntries, buildTrustEntry } from '../../projects/project-audit.js';
import { describeProject, describeProjects } from '../../projects/project-view.js';
import { type TrustOutcome, trustAllProjects } from '../../projects/trust-all.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { START_BODY_SCHEMA } from '../public-api.js';
import {
  bodyFieldsOf,
  NO_BODY,
  NO_FIELDS,
  readOptionalObject,
  refuseNullFields,
  refuseUnknownFields,
  requireSupervisor,
  requireTrustWriter,
  toHttpError,
} from './bridge-http.js';

const START = bodyFieldsOf(START_BODY_SCHEMA, 'only');
const TRUST_ALL_FIELDS: ReadonlySet<string> = new Set(['projects']);

/** Routes of the projects resource. */
export function projectsRoutes(ctx: AppContext): Hono {
  const routes = new Hono();
  const discovery = () => buildDiscoveryOptions(ctx.config);
  const viewOptions = () => ({
    bridgeEnv: resolveBridgeEnv(ctx.config, ctx.deps.env),
    home: ctx.deps.home,
    bridges: ctx.supervisor?.list() ?? [],
    projectsRoot: discovery().projectsRoot,
  });

  routes.get('/api/projects', async (c) => {
    const projects = await describeProjects(discovery(), viewOptions(), ctx.deps);
    if (!projects.ok) throw toHttpError(projects.code, projects.detail);
    return c.json({ projects: projects.value });
  });

  routes.post('/api/projects/:name/trust', async (c) => {
    refuseUnknownFields(await readOptionalObject(c), NO_FIELDS, NO_BODY);
    const project = await resolveProject(c.req.param('name'), discovery(), ctx.deps);
    if (!project.ok) throw toHttpError(project.code, project.detail);
    try {
      const changed = await requireTrustWriter(ctx).setTrusted(project.value.path);
      await ctx.audit.append(buildTrustEntry(project.value, changed));
    } catch (error) {
      if (error instanceof TrustFileError)
        throw new HttpError(error.code, error.message, { status: 409 });
      throw error;
    }
    ctx.bus.publish({ type: 'projects-changed' });
    return c.json({ project: await describeProject(project.value, viewOptions(), ctx.deps) });
  });

  // Every untrusted project, one writer edit each; a failure answers 409 with every outcome.
  routes.post('/api/projects/trust-all', async (c) => {
    const body = await readOptionalObject(c);
    refuseUnknownFields(body, TRUST_ALL_FIELDS, 'optionally projects', 'bad-request');
    const only = readProjectNames(body);
    const writer = requireTrustWriter(ctx);
    const { bridgeEnv, home } = viewOptions();
    const options = { bridgeEnv, home, writer, ...(only ? { only } : {}) };
    const report = await trustAllProjects(discovery(), options, ctx.deps);
    if (!report.ok) throw toHttpError(report.code, report.detail);
    const { outcomes, failure } = report.value;
    await auditTrustAll(ctx, outcomes);
    if (outcomes.some((o) => o.outcome === 'trusted'))
      ctx.bus.publish({ type: 'projects-changed' });
    const failed = outcomes.find((o) => o.outcome === 'failed');
    if (failure !== null && failed !== undefined) {
      const done = outcomes.filter((o) => o.outcome !== 'failed' && o.outcome !== 'skipped');
      throw new HttpError(
        failure,
        `trusted ${done.length} of ${outcomes.length} projects; ${failed.project}: ${failed.detail}`,
        { status: 409, extra: { results: outcomes } },
      );
    }
    const projects = await describeProjects(discovery(), viewOptions(), ctx.deps);
    if (!projects.ok) throw toHttpError(projects.code, projects.detail);
    return c.json({ results: outcomes, projects: projects.value });
  });

  routes.post('/api/projects/:name/start', async (c) => {
    const body = await readOptionalObject(c);
    // A misspelt option must not start a bridge with the default in its place.
    refuseUnknownFields(body, START.fields, START.expected);
    refuseNullFields(body);
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

  // The project's live bridge, else its pending autostart retry: one step in the supervisor,
  // so a retry firing between a client's look and its stop cannot slip through.
  routes.post('/api/projects/:name/stop', async (c) => {
    refuseUnknownFields(await readOptionalObject(c), NO_FIELDS, NO_BODY);
    const stopped = await requireSupervisor(ctx).requestProjectStop(c.req.param('name'));
    if (!stopped.ok) throw toHttpError(stopped.code, stopped.detail);
    const { bridge, autostartCancelled } = stopped.value;
    return c.json({ bridge, autostart_cancelled: autostartCancelled });
  });

  // "Stop retrying": cancels the pending autostart retry only; a live bridge keeps running.
  routes.delete('/api/projects/:name/autostart-retry', async (c) => {
    refuseUnknownFields(await readOptionalObject(c), NO_FIELDS, NO_BODY);
    const cancelled = requireSupervisor(ctx).cancelAutostartRetry(c.req.param('name'));
    if (!cancelled.ok) throw toHttpError(cancelled.code, cancelled.detail);
    return c.json({ autostart_cancelled: cancelled.value.cancelled });
  });

  // Takes over the bridge started outside clauster; every check runs again here.
  routes.post('/api/projects/:name/adopt', async (c) => {
    refuseUnknownFields(await readOptionalObject(c), NO_FIELDS, NO_BODY);
    const adopted = await requireSupervisor(ctx).adopt(c.req.param('name'));
    if (!adopted.ok) throw toHttpError(adopted.code, adopted.detail);
    // Every tab re-reads the list: the project's "outside bridge" is now this one.
    ctx.bus.publish({ type: 'projects-changed' });
    return c.json({ bridge: adopted.value }, 201);
  });

  return routes;
}

// `{projects: [names]}` limits the run to the list a confirmation showed (absent: every one).
function readProjectNames(body: Record<string, unknown>): Set<string> | undefined {
  const names = body.projects;
  if (names === undefined) return undefined;
  if (!Array.isArray(names) || names.length > 10_000 || !names.every((n) => typeof n === 'string'))
    throw new HttpError('bad-request', 'projects: expected an array of project names');
  return new Set(names);
}

// The same `project.trust` entry per project as the single route, then one summary entry.
async function auditTrustAll(ctx: AppContext, outcomes: readonly TrustOutcome[]): Promise<void> {
  for (const entry of buildTrustAllEntries(outcomes)) await ctx.audit.append(entry);
}
