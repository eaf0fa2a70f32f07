/**
 * Doctor rows for projects_root and workspace trust. Invariant: trust is decided by the same
 * code the bridge pre-spawn check uses, with the environment a bridge would get, so the doctor
 * never says "trusted" where the CLI would refuse.
 */
import { constants } from 'node:fs';
import { checkDirectoryTrust } from '../claude/trust-check.js';
import { listProjects, resolveProjectsRoot } from '../projects/discovery.js';
import {
  type CheckContext,
  type CheckResult,
  failRow,
  notCheckedRow,
  okRow,
  warnRow,
} from './check.js';
import { buildClaudeEnv } from './checks-claude.js';

const MAX_LISTED = 5;

/** `projects_root`: set, exists, readable. */
export async function checkProjectsRootRow(ctx: CheckContext): Promise<CheckResult> {
  const id = 'projects_root';
  const config = ctx.input.config;
  if (config === null) return notCheckedRow(id);
  if (config.projects_root === undefined) {
    return warnRow(
      id,
      'no projects_root: nothing to run',
      'set projects_root to the directory whose children are your projects',
    );
  }
  const root = await resolveProjectsRoot({ projectsRoot: config.projects_root }, ctx.deps);
  if (!root.ok) {
    return failRow(
      id,
      root.detail,
      'create the directory, or point projects_root at an existing one',
    );
  }
  try {
    await ctx.deps.fs.access(root.value, constants.R_OK | constants.X_OK);
  } catch {
    return failRow(
      id,
      `${root.value} is not readable by this user`,
      `chmod u+rx ${root.value}, or run clauster as its owner`,
    );
  }
  return okRow(id, root.value);
}

/** `workspace-trust`: N of M discovered projects trusted, as the CLI would decide. */
export async function checkWorkspaceTrustRow(ctx: CheckContext): Promise<CheckResult> {
  const id = 'workspace-trust';
  const config = ctx.input.config;
  if (config === null) return notCheckedRow(id);
  if (config.projects_root === undefined)
    return okRow(id, 'no projects_root: no projects to trust');
  const projects = await listProjects(
    { projectsRoot: config.projects_root, settings: config.projects },
    ctx.deps,
  );
  if (!projects.ok) {
    return warnRow(id, `not checked: ${projects.detail}`, 'fix the projects_root row first');
  }
  const total = projects.value.length;
  if (total === 0) return okRow(id, 'no projects discovered under projects_root');
  const env = buildClaudeEnv(config, ctx.deps.env);
  const untrusted: string[] = [];
  for (const project of projects.value) {
    const trust = await checkDirectoryTrust(project.path, { env, home: ctx.deps.home }, ctx.deps);
    if (!trust.trusted) untrusted.push(`${project.name} (${trust.reason})`);
  }
  const trusted = total - untrusted.length;
  if (untrusted.length === 0) return okRow(id, `${trusted}/${total} discovered projects trusted`);
  const listed = untrusted.slice(0, MAX_LISTED).join(', ');
  const more = untrusted.length > MAX_LISTED ? `, and ${untrusted.length - MAX_LISTED} more` : '';
  return warnRow(
    id,
    `${trusted}/${total} discovered projects trusted; untrusted: ${listed}${more}`,
    'run `clauster trust --all` (or `clauster trust <project>` for one), trust them from the dashboard (Trust), or run `claude` once in each and accept the trust dialog',
  );
}
