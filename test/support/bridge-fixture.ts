/**
 * Public views for tests. fakeBridge: the API's `Bridge` (which the web's `Bridge` also
 * accepts), a running same-dir bridge of project `app`; fakeProject: the web's `Project`, a
 * trusted project `app` without a bridge. Each changed by `patch`.
 */
import type { Bridge } from '../../src/bridges/record.js';
import type { Project } from '../../web/src/contract.js';

export function fakeBridge(patch: Partial<Bridge> = {}): Bridge {
  return {
    id: 'br-abcdefghijkl',
    project: 'app',
    status: 'running',
    url: null,
    pid: 4242,
    started_at: '2030-01-01T00:00:00.000Z',
    stopped_at: null,
    reason: null,
    permission_mode: 'default',
    spawn_mode: 'same-dir',
    name: null,
    capacity: null,
    adopted: false,
    ...patch,
  };
}

/** A trusted, never-used project without a bridge; its path follows `patch.name`. */
export function fakeProject(patch: Partial<Project> = {}): Project {
  const name = patch.name ?? 'app';
  return {
    name,
    path: `/srv/code/${name}`,
    trusted: true,
    trust_reason: 'granted',
    git: false,
    allow_bypass_permissions: false,
    bridge: null,
    external_bridge: null,
    last_used_at: null,
    ...patch,
  };
}
