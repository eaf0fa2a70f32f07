// A supervisor over a fake Processes port with one "outside" bridge (pid 4242) in a temp
// projects_root: its bridge pointer, a trust grant (and maybe a saved spawn mode) in the temp
// HOME's .claude.json, and every signal sent recorded. For the adopt and stop tests.
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import {
  createSupervisor,
  type Supervisor,
  type SupervisorOptions,
} from '../../src/bridges/supervisor.js';
import { createTrustWriter } from '../../src/claude/trust-file.js';
import { createEventBus } from '../../src/events/bus.js';
import { createAuditLog } from '../../src/state/audit.js';
import { createNodeDeps } from '../../src/system/node.js';
import type { Processes, ProcessIdentity } from '../../src/system/ports.js';
import { writeBridgePointer } from './bridge-pointer.js';
import { TEST_LAUNCH_DEFAULTS } from './launch-defaults.js';

export const PID = 4242;
export const OTHER_PID = 4343;
export const TICKS = 777;
export const ENV_ID = 'env_01FakeAdoptxxxxxxxxxxxx';
export const BRIDGE = ['node', '/opt/claude/cli.js', 'remote-control'];

export interface FakeProcess {
  cmdline: string[];
  cwd: string | null;
  pgid: number;
  alive: boolean;
  /** Start ticks both reads report (default TICKS). */
  ticks?: number;
  /** Ticks placement() reports instead of `ticks` (another process read in between). */
  placementTicks?: number;
  /** Shrugs off SIGINT (claude-cli.md #91321); only SIGKILL ends it. */
  ignoresSigint?: boolean;
  /** On SIGINT the bridge ends and another program gets its pid at once (a reused pid). */
  replacedOnSigint?: boolean;
}

export type Signal = [pid: number, signal: string | number, group: boolean];

// Pids in `table` are alive until they get SIGINT or SIGKILL; every signal is recorded.
function fakeProcesses(table: Map<number, FakeProcess>, signals: Signal[]): Processes {
  return {
    signal(pid, signal, group = false) {
      const entry = table.get(pid);
      if (signal !== 0) signals.push([pid, signal, group]);
      if (entry === undefined || !entry.alive) return false;
      if (signal === 'SIGINT' && entry.replacedOnSigint) {
        Object.assign(entry, { ticks: TICKS + 1000, cmdline: ['sleep', '60'], pgid: pid });
      } else if (signal === 'SIGKILL' || (signal === 'SIGINT' && !entry.ignoresSigint)) {
        entry.alive = false;
      }
      return true;
    },
    async identity(pid): Promise<ProcessIdentity | null> {
      const entry = table.get(pid);
      if (!entry?.alive) return null;
      const startTicks = entry.ticks ?? TICKS;
      return { pid, startTicks, bootId: 'boot-a', cmdline: entry.cmdline };
    },
    async placement(pid) {
      const entry = table.get(pid);
      if (!entry?.alive) return null;
      const startTicks = entry.placementTicks ?? entry.ticks ?? TICKS;
      return { cwd: entry.cwd, pgid: entry.pgid, startTicks };
    },
  };
}

export interface WorldOptions {
  process?: Partial<FakeProcess>;
  /** Pointer fields over the default (pid 4242, its ticks); null: no pointer. */
  pointer?: Record<string, unknown> | null;
  /** Grant trust to the project in .claude.json (default true). */
  trusted?: boolean;
  /** `projects[app].remoteControlSpawnMode` to save in .claude.json. */
  savedSpawnMode?: unknown;
  /** Make the project a git repository. */
  git?: boolean;
}

export interface AdoptWorld {
  supervisor: Supervisor;
  /** Another supervisor on the same state_dir and processes (a restarted dashboard). */
  createSupervisor(): Supervisor;
  table: Map<number, FakeProcess>;
  signals: Signal[];
  home: string;
  app: string;
  stateDir: string;
}

/** Builds the world under `base` (a fresh, empty temp directory). */
export async function makeAdoptWorld(
  base: string,
  options: WorldOptions = {},
  overrides: Partial<SupervisorOptions> = {},
): Promise<AdoptWorld> {
  const root = await fs.realpath(base);
  const [home, stateDir, projectsRoot] = ['home', 'state', 'projects'].map((d) => join(root, d));
  const app = join(projectsRoot as string, 'app');
  await fs.mkdir(join(app, options.git ? '.git' : ''), { recursive: true });
  await fs.mkdir(home as string);
  await fs.mkdir(stateDir as string, { mode: 0o700 });
  const entry = {
    hasTrustDialogAccepted: options.trusted ?? true,
    ...(options.savedSpawnMode === undefined
      ? {}
      : { remoteControlSpawnMode: options.savedSpawnMode }),
  };
  const claudeJson = { remoteDialogSeen: true, projects: { [app]: entry } };
  await fs.writeFile(join(home as string, '.claude.json'), JSON.stringify(claudeJson));
  const table = new Map<number, FakeProcess>();
  table.set(PID, { cmdline: BRIDGE, cwd: app, pgid: PID, alive: true, ...options.process });
  if (options.pointer !== null) {
    const pointer = { pid: PID, procStart: String(TICKS), environmentId: ENV_ID };
    await writeBridgePointer(home as string, app, { ...pointer, ...options.pointer });
  }
  const signals: Signal[] = [];
  const deps = { ...createNodeDeps({ HOME: home, PATH: '/usr/bin:/bin' }) };
  deps.processes = fakeProcesses(table, signals);
  const supervisorOptions: SupervisorOptions = {
    stateDir: stateDir as string,
    binary: '/nonexistent/claude',
    startupGraceMs: 4000,
    stopGraceMs: 200,
    autoEnableRemoteControl: false,
    maxBridges: null,
    env: {},
    defaults: TEST_LAUNCH_DEFAULTS,
    discovery: { projectsRoot: projectsRoot as string },
    bypassAllowed: true,
    livenessIntervalMs: 10,
    ...overrides,
  };
  const make = () =>
    createSupervisor(supervisorOptions, {
      ...deps,
      audit: createAuditLog(stateDir as string, deps),
      bus: createEventBus(),
      trust: createTrustWriter({ stateDir: stateDir as string }, deps),
    });
  return {
    supervisor: make(),
    createSupervisor: make,
    table,
    signals,
    home: home as string,
    app,
    stateDir: stateDir as string,
  };
}
