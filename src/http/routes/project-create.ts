/**
 * POST /api/projects: create an empty project, optionally a git repository. Invariants: it
 * answers 404 unless `clone.enabled` (like the clone routes); the body is strict, so a field
 * it does not know is refused by name; the policy lives in src/projects/create-project.ts.
 */

import { Hono } from 'hono';
import { buildDiscoveryOptions, resolveBridgeEnv } from '../../bridges/supervisor-config.js';
import { createProject } from '../../projects/create-project.js';
import { buildCreateEntry } from '../../projects/project-audit.js';
import { describeProject } from '../../projects/project-view.js';
import { showTextCut } from '../../security/show-text.js';
import type { AppContext } from '../context.js';
import { HttpError } from '../errors.js';
import { readOptionalObject, refuseUnknownFields } from './bridge-http.js';

const FIELDS = new Set(['name', 'git_init']);

/** `{name, git_init?}` from the body; anything else is refused naming the field. */
export function readCreateBody(body: Record<string, unknown>): {
  name: unknown;
  gitInit: boolean;
} {
  refuseUnknownFields(body, FIELDS, 'name and optionally git_init');
  const gitInit = body.git_init ?? false;
  if (typeof gitInit !== 'boolean') {
    const got = showTextCut(JSON.stringify(gitInit) ?? typeof gitInit, 40);
    throw new HttpError('invalid-option', `git_init: expected true or false, got ${got}`);
  }
  return { name: body.name, gitInit };
}

/** Routes of project creation. */
export function projectCreateRoutes(ctx: AppContext): Hono {
  const routes = new Hono();

  routes.post('/api/projects', async (c) => {
    if (!ctx.config.clone.enabled) {
      throw new HttpError('feature-disabled', 'creating projects is off (clone.enabled: false)');
    }
    const { name, gitInit } = readCreateBody(await readOptionalObject(c));
    const discovery = buildDiscoveryOptions(ctx.config);
    const created = await createProject(
      name,
      { enabled: ctx.config.clone.enabled, discovery, gitInit },
      ctx.deps,
    );
    if (!created.ok) throw new HttpError(created.code, created.detail);
    const project = created.value;
    await ctx.audit.append(buildCreateEntry(project, gitInit));
    ctx.bus.publish({ type: 'projects-changed' });
    const view = await describeProject(
      project,
      {
        bridgeEnv: resolveBridgeEnv(ctx.config, ctx.deps.env),
        home: ctx.deps.home,
        bridges: ctx.supervisor?.list() ?? [],
        projectsRoot: discovery.projectsRoot,
      },
      ctx.deps,
    );
    return c.json({ project: view }, 201);
  });

  return routes;
}
