// A supervisor wired to the fake `claude` in temp directories: temp HOME (logged in), a
// projects_root with `app` (plain) and `repo` (git), a state_dir, a recording event bus, and
// an after-hook helper that SIGKILLs every bridge process group the test started.
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { after } from 'node:test';
import type { BackoffOptions } from '../../src/bridges/autostart.js';
import {
  createSupervisor,
  type Supervisor,
  type SupervisorDeps,
  type SupervisorOptions,
} from '../../src/bridges/supervisor.js';
import { createTrustWriter, type TrustWriter } from '../../src/claude/trust-file.js';
import { type ClausterEvent, createEventBus } from '../../src/events/bus.js';
import { createAuditLog } from '../../src/state/audit.js';
import { createNodeDeps } from '../../src/system/node.js';
import type { Deps } from '../../src/system/ports.js';
import { readAuditEntries } from './audit-log.js';
import { FAKE_CLAUDE_PATH, prepareClaudeHome, waitFor } from './fake-claude.js';
import {
  FAST_FAKE_CLAUDE_KNOBS,
  killFakeClaudeGroups,
  killFakeClaudesUnder,
} from './fake-claude-process.js';
import { TEST_LAUNCH_DEFAULTS } from './launch-defaults.js';
import { makeTempDir } from './temp.js';

/** The connect URL a running fake bridge reports (environment mode). */
export const BRIDGE_URL_RE = /^https:\/\/claude\.ai\/code\?environment=env_[A-Za-z0-9]+$/;

export interface BridgeHarness {
  root: string;
  home: string;
  stateDir: string;
  projectsRoot: string;
  /** realpath of projects_root/app and projects_root/repo. */
  app: string;
  repo: string;
  deps: Deps;
  trust: TrustWriter;
  events: ClausterEvent[];
  supervisor: Supervisor;
  options: SupervisorOptions;
  /** A second supervisor on the same state_dir (a restarted dashboard); `ports` replace deps. */
  createSupervisor(
    overrides?: Partial<SupervisorOptions>,
    ports?: Partial<SupervisorDeps>,
  ): Supervisor;
  /** Waits until bridge `id` reaches `status` (polling the given supervisor). */
  waitForStatus(
    id: string,
    status: string,
    timeoutMs?: number,
    supervisor?: Supervisor,
  ): Promise<void>;
  readAudit(): Promise<Array<Record<string, unknown>>>;
  cleanup(): Promise<void>;
}

export interface HarnessOptions {
  /** FAKE_CLAUDE_* knobs and other bridge env, passed as claude.env. */
  knobs?: Record<string, string>;
  /** Project names to trust up front (default: app and repo). */
  trusted?: string[];
  remoteDialogSeen?: boolean;
  supervisor?: Partial<SupervisorOptions>;
}

const started = new Set<number>();

/** SIGKILLs the process group of every fake bridge a harness saw, if it is still the fake. */
export async function killHarnessBridges(): Promise<void> {
  const pids = [...started];
  started.clear();
  await killFakeClaudeGroups(pids);
}

/** Registers an `after` hook for the file (or suite) that cleans up every harness the returned
 * function built and kills their bridges; use it instead of createBridgeHarness() in tests. */
export function useBridgeHarnesses(): (options?: HarnessOptions) => Promise<BridgeHarness> {
  const built: BridgeHarness[] = [];
  after(async () => {
    for (const h of built) await h.cleanup();
    await killHarnessBridges();
  });
  return async (options) => {
    const h = await createBridgeHarness(options);
    built.push(h);
    return h;
  };
}

/** A restarted dashboard on the harness's state_dir with `app` set to autostart. */
export function autostartSupervisor(h: BridgeHarness, backoff: BackoffOptions): Supervisor {
  const settings = { app: { autostart: true } };
  return h.createSupervisor({ discovery: { projectsRoot: h.projectsRoot, settings }, backoff });
}

/**
 * The supervisor of a harness whose fake claude crashes at once (FAKE_CLAUDE_CRASH=a) with
 * `app` on autostart, recovered, once its first bridge has crashed: the next retry is due
 * 2.5 s after that crash.
 */
export async function crashedAutostart(h: BridgeHarness) {
  const s = autostartSupervisor(h, { initialMs: 2500, maxMs: 2500, stableMs: 60_000 });
  await s.recover();
  const crashed = await waitFor(() => s.list().find((b) => b.status === 'crashed'), 30_000, 10);
  return { s, crashed };
}

/** Builds the harness; call `cleanup()` (and killHarnessBridges()) in after hooks. */
export async function createBridgeHarness(options: HarnessOptions = {}): Promise<BridgeHarness> {
  const temp = await makeTempDir('clauster-bridges-');
  const root = await fs.realpath(temp.path);
  const home = join(root, 'home');
  const stateDir = join(root, 'state');
  const projectsRoot = join(root, 'projects');
  await fs.mkdir(home);
  await fs.mkdir(stateDir, { mode: 0o700 });
  await fs.mkdir(join(projectsRoot, 'app'), { recursive: true });
  await fs.mkdir(join(projectsRoot, 'repo', '.git'), { recursive: true });
  const app = join(projectsRoot, 'app');
  const repo = join(projectsRoot, 'repo');
  const trustedNames = options.trusted ?? ['app', 'repo'];
  await prepareClaudeHome(home, {
    trusted: trustedNames.map((name) => join(projectsRoot, name)),
    remoteDialogSeen: options.remoteDialogSeen ?? true,
  });
  const deps = createNodeDeps({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    TMPDIR: home,
    CLAUSTER_TOKEN: 'must-not-leak',
  });
  const trust = createTrustWriter({ stateDir }, deps);
  const events: ClausterEvent[] = [];
  const supervisorOptions: SupervisorOptions = {
    stateDir,
    binary: FAKE_CLAUDE_PATH,
    // Long, like the dashboard fixture's: a fake claude that boots slowly on a loaded machine
    // must not pass through `error` on its way to `running` (tests wanting `error` set it).
    startupGraceMs: 30_000,
    stopGraceMs: 2000,
    autoEnableRemoteControl: true,
    maxBridges: null,
    env: {
      extraEnv: { ...FAST_FAKE_CLAUDE_KNOBS, ...options.knobs },
    },
    defaults: TEST_LAUNCH_DEFAULTS,
    discovery: { projectsRoot },
    bypassAllowed: true,
    pollIntervalMs: 100,
    livenessIntervalMs: 250,
    ...options.supervisor,
  };
  function make(
    overrides: Partial<SupervisorOptions> = {},
    ports: Partial<SupervisorDeps> = {},
  ): Supervisor {
    const bus = createEventBus();
    bus.subscribe((event) => {
      events.push(event);
      if (event.type === 'bridge' && typeof event.bridge.pid === 'number')
        started.add(event.bridge.pid);
    });
    return createSupervisor(
      { ...supervisorOptions, ...overrides },
      { ...deps, audit: createAuditLog(stateDir, deps), bus, trust, ...ports },
    );
  }
  const supervisor = make();
  return {
    root,
    home,
    stateDir,
    projectsRoot,
    app,
    repo,
    deps,
    trust,
    events,
    supervisor,
    options: supervisorOptions,
    createSupervisor: make,
    async waitForStatus(id, status, timeoutMs = 20_000, which = supervisor) {
      await waitFor(() => which.get(id)?.status === status, timeoutMs, 50).catch(() => {
        throw new Error(`bridge ${id} never reached ${status}: ${JSON.stringify(which.get(id))}`);
      });
    },
    readAudit: () => readAuditEntries(stateDir),
    async cleanup() {
      await supervisor.close();
      await killHarnessBridges();
      await killFakeClaudesUnder(stateDir);
      await temp.cleanup();
    },
  };
}
