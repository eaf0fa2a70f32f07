/**
 * The project lookup shared by the per-project resource routes (claude-md, transcripts,
 * usage): the name is resolved like every project route (name and containment checked, the
 * path a realpath under projects_root), and a refusal becomes its HTTP error.
 */
import { listProjectDirectories } from '../../bridges/external-bridge.js';
import { buildDiscoveryOptions, resolveBridgeEnv } from '../../bridges/supervisor-config.js';
import { type Project, resolveProject } from '../../projects/discovery.js';
import type { TranscriptDeps } from '../../projects/usage.js';
import type { AppContext } from '../context.js';
import { toHttpError } from './bridge-http.js';

/** The project named `name`, or the HTTP error of why it is not one. */
export async function findProject(ctx: AppContext, name: string): Promise<Project> {
  const project = await resolveProject(name, buildDiscoveryOptions(ctx.config), ctx.deps);
  if (!project.ok) throw toHttpError(project.code, project.detail);
  return project.value;
}

export interface ProjectTranscripts {
  project: string;
  /** The directories the project was used from (each has its transcript folder). */
  directories: string[];
  deps: TranscriptDeps;
}

/** The project named `name` and what finding its Claude Code transcripts takes. */
export async function findProjectTranscripts(
  ctx: AppContext,
  name: string,
): Promise<ProjectTranscripts> {
  const project = await findProject(ctx, name);
  const directories = listProjectDirectories(project, ctx.config.projects_root);
  const env = resolveBridgeEnv(ctx.config, ctx.deps.env);
  return {
    project: project.name,
    directories,
    deps: { fs: ctx.deps.fs, env, home: ctx.deps.home },
  };
}
