// Order of the projects view: by name (the server's order), recently used first, or running
// first. Pure (tested in test/web/); the remembered choice lives in project-sort-store.ts.

import { type Bridge, isLive, type Project } from './contract.js';

export type ProjectSort = 'name' | 'recent' | 'running';

export const PROJECT_SORTS: ReadonlyArray<{ value: ProjectSort; label: string }> = [
  { value: 'name', label: 'Name' },
  { value: 'recent', label: 'Recently used' },
  { value: 'running', label: 'Running first' },
];

/** Parses a stored or selected value; anything unknown is `name`. */
export function parseProjectSort(value: string | null | undefined): ProjectSort {
  return value === 'recent' || value === 'running' ? value : 'name';
}

/**
 * Last use in ms: the server's `last_used_at`, or a newer start/stop of the bridge the page
 * knows from live events; NaN when never used.
 */
export function lastUsedMs(project: Project, bridge: Bridge | null): number {
  const times = [project.last_used_at, bridge?.started_at, bridge?.stopped_at];
  let newest = Number.NaN;
  for (const time of times) {
    const ms = time ? Date.parse(time) : Number.NaN;
    if (!Number.isNaN(ms) && !(ms <= newest)) newest = ms;
  }
  return newest;
}

/** A sorted copy of `projects` (stable: ties keep the server's order, which is by name). */
export function sortProjects(
  projects: readonly Project[],
  sort: ProjectSort,
  bridgeFor: (project: Project) => Bridge | null,
): Project[] {
  const rows = projects.map((project, index) => {
    const bridge = bridgeFor(project);
    return { project, index, live: isLive(bridge), used: lastUsedMs(project, bridge) };
  });
  rows.sort((a, b) => {
    if (sort === 'running' && a.live !== b.live) return a.live ? -1 : 1;
    if (sort === 'recent') {
      const aNever = Number.isNaN(a.used);
      const bNever = Number.isNaN(b.used);
      if (aNever !== bNever) return aNever ? 1 : -1;
      if (!aNever && a.used !== b.used) return b.used - a.used;
    }
    // Ties, never-used included, keep the server's order: the same code-unit order as "Name".
    return a.index - b.index;
  });
  return rows.map((row) => row.project);
}
