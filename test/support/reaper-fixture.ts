/**
 * A temp world for reaper tests: HOME with claude credentials, a projects_root with projects,
 * a state_dir, and fake Processes whose live pids the test controls.
 */

import * as fsp from 'node:fs/promises';
import { mkdir, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReaperDeps } from '../../src/reaper/reap.js';
import type { Processes, ProcessIdentity } from '../../src/system/ports.js';
import { makeTempDir } from './temp.js';

export const FAKE_NOW = Date.parse('2026-03-01T12:00:00Z');
export const FAKE_BOOT_ID = 'boot-fake-0000';

export interface ReaperWorld {
  root: string;
  home: string;
  projectsRoot: string;
  stateDir: string;
  token: string;
  orgUuid: string;
  live: Map<number, ProcessIdentity>;
  deps: ReaperDeps;
  cleanup(): Promise<void>;
}

/** A fake token that cannot be mistaken for a real one; built at runtime. */
export function makeFakeToken(): string {
  return `fakeTK${'-NOTREAL'.repeat(4)}`;
}

/** An environment id in the CLI's shape (`env_01` + 22 chars). */
export function makeEnvId(n: number): string {
  return `env_01${`Fake${n}`.padEnd(22, 'x')}`;
}

/** A fake Processes: a pid is alive when it is in `live`. */
export function createFakeProcesses(live: Map<number, ProcessIdentity>): Processes {
  return {
    signal: (pid) => live.has(pid),
    identity: async (pid) => live.get(pid) ?? null,
    placement: async () => null,
  };
}

/** Builds the world; `projects` are created under projects_root. */
export async function makeReaperWorld(
  projects: string[] = ['alpha', 'beta'],
): Promise<ReaperWorld> {
  const temp = await makeTempDir('clauster-reaper-');
  const root = await realpath(temp.path);
  const home = join(root, 'home');
  const projectsRoot = join(root, 'projects');
  const stateDir = join(root, 'state');
  await mkdir(join(home, '.claude'), { recursive: true });
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  for (const name of projects) await mkdir(join(projectsRoot, name), { recursive: true });
  const token = makeFakeToken();
  const orgUuid = '00000000-0000-4000-8000-00000000fa4e';
  await writeCredentials(home, { accessToken: token, expiresAt: FAKE_NOW + 3_600_000 });
  await writeFile(
    join(home, '.claude.json'),
    JSON.stringify({ oauthAccount: { organizationUuid: orgUuid } }),
  );
  const live = new Map<number, ProcessIdentity>();
  const deps: ReaperDeps = {
    fs: fsp,
    clock: { now: () => FAKE_NOW },
    env: { HOME: home },
    home,
    processes: createFakeProcesses(live),
    fetch: globalThis.fetch.bind(globalThis),
  };
  return { root, home, projectsRoot, stateDir, token, orgUuid, live, deps, cleanup: temp.cleanup };
}

/** Writes ~/.claude/.credentials.json with the given claudeAiOauth fields. */
export async function writeCredentials(
  home: string,
  oauth: Record<string, unknown>,
): Promise<void> {
  await writeFile(
    join(home, '.claude', '.credentials.json'),
    JSON.stringify({ claudeAiOauth: oauth }),
    {
      mode: 0o600,
    },
  );
}

/** Writes state_dir/bridges.json with records for (cwd, pid) pairs, marking pids live. */
export async function writeBridges(
  world: ReaperWorld,
  bridges: { cwd: string; pid: number; alive: boolean }[],
): Promise<void> {
  const records = bridges.map((bridge, index) => {
    if (bridge.alive) {
      world.live.set(bridge.pid, {
        pid: bridge.pid,
        startTicks: 1000 + index,
        bootId: FAKE_BOOT_ID,
        cmdline: ['claude', 'remote-control'],
      });
    }
    return {
      id: `br-${'a'.repeat(11)}${index}`,
      project: 'p',
      status: 'running',
      pid: bridge.pid,
      proc_start_ticks: 1000 + index,
      boot_id: FAKE_BOOT_ID,
      cwd: bridge.cwd,
    };
  });
  await writeFile(
    join(world.stateDir, 'bridges.json'),
    JSON.stringify({ schema_version: 1, bridges: records }),
  );
}

/** Writes a bridge pointer for `cwd` under ~/.claude/projects/<key>/. */
export async function writePointer(
  world: ReaperWorld,
  cwd: string,
  pointer: { environmentId: string; pid: number; procStart?: string },
): Promise<void> {
  const dir = join(world.home, '.claude', 'projects', cwd.replace(/[^A-Za-z0-9]/g, '-'));
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'bridge-pointer.json'),
    JSON.stringify({
      sessionId: 'session_01Fakexxxxxxxxxxxxxxxxx',
      source: 'standalone',
      ...pointer,
    }),
  );
}
