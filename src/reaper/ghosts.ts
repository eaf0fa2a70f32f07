/**
 * Ghost selection (pure). Invariant: an environment is a ghost only when ALL of these hold —
 * its type is `bridge`; it has an absolute directory; that directory, resolved, lies strictly
 * inside the resolved projects_root (path-segment containment, so `/srv/projects-evil` is not
 * inside `/srv/projects`); and neither its id, its directory nor its pointer key is live.
 * With no projects_root nothing is a ghost.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { isPointerKeyFor } from '../claude/bridge-pointer.js';
import type { Environment } from './environment.js';
import type { LiveSet } from './live-set.js';

export interface Ghost {
  id: string;
  directory: string;
  name: string | null;
  last_activity: string | null;
  archived: boolean;
  reason: string;
}

export interface GhostInput {
  environments: readonly Environment[];
  /** Resolved (realpath) projects_root, or null when none is configured. */
  projectsRoot: string | null;
  /** Resolved directory for each raw `config.directory` (null when it cannot be resolved). */
  resolved: ReadonlyMap<string, string | null>;
  live: LiveSet;
}

/** True when `child` lies strictly inside `root` (both already resolved, absolute). */
export function isInsideRoot(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

function hasLivePointer(live: LiveSet, directory: string): boolean {
  for (const key of live.pointerKeys) if (isPointerKeyFor(key, directory)) return true;
  return false;
}

/** Selects the ghosts among listed environments. */
export function findGhosts(input: GhostInput): Ghost[] {
  const { projectsRoot, live } = input;
  if (projectsRoot === null) return [];
  const ghosts: Ghost[] = [];
  for (const env of input.environments) {
    if (env.type !== 'bridge' || env.directory === null || !isAbsolute(env.directory)) continue;
    const resolved = input.resolved.get(env.directory) ?? null;
    if (resolved === null || !isInsideRoot(projectsRoot, resolved)) continue;
    if (live.environmentIds.has(env.id)) continue;
    if (live.directories.has(env.directory) || live.directories.has(resolved)) continue;
    if (hasLivePointer(live, env.directory) || hasLivePointer(live, resolved)) continue;
    ghosts.push({
      id: env.id,
      directory: env.directory,
      name: env.name,
      last_activity: env.lastActivity,
      archived: env.archivedAt !== null,
      reason: `bridge environment for ${relative(projectsRoot, resolved)} under projects_root; no live bridge or bridge pointer uses it`,
    });
  }
  return ghosts;
}
