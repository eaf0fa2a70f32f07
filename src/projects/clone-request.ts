/**
 * Validation of a clone request's own fields (design §6). Invariant: a destination returned
 * here is `<realpath(projects_root)>/<name>` for a name that passed checkProjectName() and
 * that did not exist when checked — a clone never overwrites a project.
 */
import { join } from 'node:path';
import { fail, ok, type Result } from '../result.js';
import { showTextCut } from '../security/show-text.js';
import type { Fs } from '../system/ports.js';
import { resolveProjectsRoot } from './discovery.js';
import { checkProjectName } from './names.js';

export const MAX_CLONE_DEPTH = 1_000_000;

export type DestinationError =
  | 'invalid-project-name'
  | 'project-exists'
  | 'projects-root-unavailable';

/** The project name a URL path implies: its last segment without `.git`. */
export function deriveProjectName(path: string): string {
  const segments = path.split(/[/:]/).filter((segment) => segment.length > 0);
  return (segments.at(-1) ?? '').replace(/\.git$/, '');
}

/** Reads the optional `depth` of a request: absent, or a whole number from 1. */
export function readCloneDepth(depth: unknown): Result<number | undefined, 'invalid-option'> {
  if (depth === undefined || depth === null) return ok(undefined);
  if (typeof depth === 'number' && Number.isInteger(depth) && depth >= 1) {
    if (depth <= MAX_CLONE_DEPTH) return ok(depth);
  }
  const got = showTextCut(JSON.stringify(depth) ?? typeof depth, 40);
  return fail(
    'invalid-option',
    `depth: expected a whole number from 1 to ${MAX_CLONE_DEPTH}, got ${got}`,
  );
}

async function pathExists(path: string, deps: { fs: Fs }): Promise<boolean> {
  try {
    await deps.fs.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** Picks and checks the project name and makes sure nothing exists at its path yet. */
export async function resolveCloneDestination(
  name: unknown,
  options: { urlPath: string; projectsRoot: string | undefined },
  deps: { fs: Fs },
): Promise<Result<{ projectsRoot: string; name: string }, DestinationError>> {
  const checked = checkProjectName(name ?? deriveProjectName(options.urlPath));
  if (!checked.ok) {
    const hint = name === undefined ? ' (derived from the URL; pass a name)' : '';
    return fail(checked.code, `${checked.detail}${hint}`);
  }
  const root = await resolveProjectsRoot({ projectsRoot: options.projectsRoot }, deps);
  if (!root.ok) return root;
  if (await pathExists(join(root.value, checked.value), deps)) {
    return fail(
      'project-exists',
      `project ${checked.value} already exists; it is never overwritten`,
    );
  }
  return ok({ projectsRoot: root.value, name: checked.value });
}
