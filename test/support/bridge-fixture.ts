/**
 * Public views for tests. fakeBridge: the API's `Bridge` (which the web's `Bridge` also
 * accepts), a running same-dir bridge of project `app`; fakeProject: the web's `Project`, a
 * trusted project `app` without a bridge; launchingRecord: a registry record saved before its
 * spawn (`starting`, no pid, no identity). Each changed by `patch`.
 */
import { join } from 'node:path';
import type { Bridge, BridgeRecord } from '../../src/bridges/record.js';
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
    advice: null,
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

/**
 * The bridges.json record of `id` saved before its spawn, as a dashboard killed mid-start
 * leaves it: `starting`, pid and identity unknown, its `--debug-file` inside
 * `<stateDir>/logs/<id>/` (where recovery looks for its process).
 */
export function launchingRecord(
  stateDir: string,
  id: string,
  patch: Partial<BridgeRecord> = {},
): BridgeRecord {
  const logDir = join(stateDir, 'logs', id);
  return {
    id,
    project: 'app',
    status: 'starting',
    url: null,
    pid: null,
    started_at: '2024-01-01T00:00:00.000Z',
    stopped_at: null,
    reason: null,
    permission_mode: 'default',
    spawn_mode: 'same-dir',
    name: null,
    cwd: '/srv/projects/app',
    argv: ['claude', 'remote-control', '--debug-file', join(logDir, 'debug.log')],
    log_dir: logDir,
    proc_start_ticks: null,
    boot_id: null,
    intentional_stop: false,
    ...patch,
  };
}
