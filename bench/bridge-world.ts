/**
 * A throw-away world for the bridge benches: a temp HOME logged in to the fake `claude`, a
 * projects_root with N trusted projects, a state_dir, and a supervisor wired to the fake with
 * the given knobs, redacting with the engine `clauster run` would install. `killAll()` SIGKILLs
 * the process group of every bridge the world started.
 */
import * as fs from 'node:fs/promises';
import type { BridgeEnvOptions } from '../src/bridges/argv.js';
import {
  createSupervisor,
  type Supervisor,
  type SupervisorOptions,
} from '../src/bridges/supervisor.js';
import { buildSupervisorOptions } from '../src/bridges/supervisor-config.js';
import { createTrustWriter } from '../src/claude/trust-file.js';
import { configSchema } from '../src/config/schema.js';
import { createEventBus, type EventBus } from '../src/events/bus.js';
import { createAuditLog } from '../src/state/audit.js';
import { installNativeRedactor } from '../src/system/native-redactor.js';
import { createNodeDeps } from '../src/system/node.js';
import type { Deps } from '../src/system/ports.js';
import { FAKE_CLAUDE_PATH } from '../test/support/fake-claude.js';
import { killFakeClaudeGroups } from '../test/support/fake-claude-process.js';
import { createBenchHome } from './bench-home.js';

export interface BridgeWorld {
  root: string;
  home: string;
  stateDir: string;
  projectsRoot: string;
  /** Project names p000, p001, … (all trusted). */
  projects: string[];
  deps: Deps;
  bus: EventBus;
  supervisor: Supervisor;
  /** The bridge env options handed to the supervisor (for a direct-launch baseline). */
  bridgeEnv: BridgeEnvOptions;
  /** Remembers a pid to SIGKILL (with its group) in killAll(). */
  track(pid: number): void;
  /** SIGKILLs every tracked process group that still runs the fake. */
  killAll(): Promise<void>;
  /** Closes the supervisor, kills every bridge, removes the temp tree. */
  cleanup(): Promise<void>;
}

export interface WorldOptions {
  projects: number;
  knobs: Record<string, string>;
  supervisor?: Partial<SupervisorOptions>;
}

/** Builds the world; always call `cleanup()` (in a finally). */
export async function createBridgeWorld(options: WorldOptions): Promise<BridgeWorld> {
  installNativeRedactor(process.env); // as src/cli/main.ts does before `run`
  const { root, home, stateDir, projectsRoot, projects } = await createBenchHome(
    'bridges',
    options.projects,
  );
  await fs.mkdir(stateDir, { mode: 0o700 });
  const deps = createNodeDeps({
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    TMPDIR: home,
  });
  const bus = createEventBus();
  const pids = new Set<number>();
  bus.subscribe((event) => {
    if (event.type === 'bridge' && typeof event.bridge.pid === 'number') pids.add(event.bridge.pid);
  });
  // The options the server derives from its config (supervisor-config.ts), so polling
  // intervals and graces are the production ones.
  const config = configSchema.parse({
    state_dir: stateDir,
    projects_root: projectsRoot,
    claude: {
      binary: FAKE_CLAUDE_PATH,
      env: options.knobs,
      startup_grace_seconds: 60,
      stop_grace_seconds: 5,
    },
  });
  const supervisorOptions = buildSupervisorOptions(config, { stateDir, bypassAllowed: false });
  const bridgeEnv = supervisorOptions.env;
  const supervisor = createSupervisor(
    { ...supervisorOptions, ...options.supervisor },
    {
      ...deps,
      audit: createAuditLog(stateDir, deps),
      bus,
      trust: createTrustWriter({ stateDir }, deps),
    },
  );

  async function killAll(): Promise<void> {
    const tracked = [...pids];
    pids.clear();
    await killFakeClaudeGroups(tracked);
  }

  return {
    root,
    home,
    stateDir,
    projectsRoot,
    projects,
    deps,
    bus,
    supervisor,
    bridgeEnv,
    track: (pid) => pids.add(pid),
    killAll,
    async cleanup() {
      await supervisor.close();
      await killAll();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}
