/**
 * A real dashboard in a child process (`node bin/clauster.js run`, the compiled CLI when the
 * build succeeds) over a temp HOME logged in to
 * the fake `claude`, a projects_root of N trusted projects and auth off on loopback; bridges
 * are started through the HTTP API like the UI does. `cleanup()` stops the dashboard (which
 * leaves bridges running, by design), SIGKILLs every bridge process group, removes the tree.
 */
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { FAKE_CLAUDE_PATH } from '../test/support/fake-claude.js';
import { killFakeClaudeGroups } from '../test/support/fake-claude-process.js';
import { createBenchHome } from './bench-home.js';
import { ensureBuild } from './build-check.js';
import { type ReadyChild, startReadyChild } from './ready-child.js';
import { sleep } from './support.js';

export interface BridgeView {
  id: string;
  project: string;
  status: string;
  pid: number | null;
}

export interface DashboardWorld {
  root: string;
  stateDir: string;
  projects: string[];
  dashboard: ReadyChild<string>;
  url: string;
  /** What bin/clauster.js ran: the compiled dist/ or the sources through tsx. */
  entry: 'dist' | 'tsx';
  /** The loopback origin, sent as Origin on POSTs and WebSocket handshakes. */
  origin: string;
  startBridges(names: readonly string[], concurrency?: number): Promise<void>;
  listBridges(): Promise<BridgeView[]>;
  /** Polls GET /api/bridges until every bridge is `running`. */
  waitAllRunning(count: number, timeoutMs: number): Promise<BridgeView[]>;
  cleanup(): Promise<void>;
}

export interface DashboardWorldOptions {
  projects: number;
  knobs: Record<string, string>;
  /** Node flags for the dashboard process (e.g. --expose-gc). */
  nodeFlags?: string[];
  /** Extra top-level config keys. */
  config?: Record<string, unknown>;
}

/** Creates the world and starts the dashboard; always call `cleanup()`. */
export async function createDashboardWorld(
  options: DashboardWorldOptions,
): Promise<DashboardWorld> {
  const { root, home, stateDir, projectsRoot, projects } = await createBenchHome(
    'dashboard',
    options.projects,
  );
  const config = {
    host: '127.0.0.1',
    port: 0,
    state_dir: stateDir,
    projects_root: projectsRoot,
    log_level: 'warn',
    auth: { enabled: false },
    claude: {
      binary: FAKE_CLAUDE_PATH,
      env: options.knobs,
      startup_grace_seconds: 300,
      stop_grace_seconds: 5,
    },
    clone: { enabled: false },
    ...options.config,
  };
  // JSON is YAML: the CLI reads it like any clauster.yml.
  const configPath = join(root, 'clauster.yml');
  await fs.writeFile(configPath, JSON.stringify(config), { mode: 0o600 });
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TMPDIR: home };
  const pids = new Set<number>();
  const entry = ensureBuild();
  let dashboard: ReadyChild<string>;
  try {
    dashboard = await startReadyChild<string>(
      [...(options.nodeFlags ?? []), 'bin/clauster.js', 'run', '--config', configPath],
      {
        env,
        match: (line) => /^clauster: serving (\S+)$/.exec(line)?.[1],
      },
    );
  } catch (error) {
    await fs.rm(root, { recursive: true, force: true });
    throw error;
  }
  const url = dashboard.ready;
  const origin = new URL(url).origin;

  async function listBridges(): Promise<BridgeView[]> {
    const res = await fetch(`${url}/api/bridges`);
    if (res.status !== 200) throw new Error(`GET /api/bridges: ${res.status}`);
    const bridges = ((await res.json()) as { bridges: BridgeView[] }).bridges;
    for (const b of bridges) if (b.pid !== null) pids.add(b.pid);
    return bridges;
  }

  async function startOne(name: string): Promise<void> {
    const res = await fetch(`${url}/api/projects/${name}/start`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: '{}',
    });
    const body = (await res.json()) as { bridge?: BridgeView; error?: { code: string } };
    if (res.status !== 201 || !body.bridge)
      throw new Error(`start ${name}: ${res.status} ${body.error?.code}`);
    if (body.bridge.pid !== null) pids.add(body.bridge.pid);
  }

  async function killBridges(): Promise<void> {
    // bridges.json also names bridges the API listing missed (e.g. a start still in flight).
    const registry = await fs
      .readFile(join(stateDir, 'bridges.json'), 'utf8')
      .catch(() => '{"bridges":[]}');
    for (const b of (JSON.parse(registry) as { bridges: BridgeView[] }).bridges)
      if (b.pid !== null) pids.add(b.pid);
    await killFakeClaudeGroups(pids);
  }

  return {
    root,
    stateDir,
    projects,
    dashboard,
    url,
    entry,
    origin,
    async startBridges(names, concurrency = 4) {
      const queue = [...names];
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          for (let name = queue.shift(); name !== undefined; name = queue.shift())
            await startOne(name);
        }),
      );
    },
    listBridges,
    async waitAllRunning(count, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const bridges = await listBridges();
        if (bridges.filter((b) => b.status === 'running').length >= count) return bridges;
        const stuck = bridges.filter((b) => b.status !== 'running' && b.status !== 'starting');
        if (stuck.length > 0)
          throw new Error(`bridges ended early: ${JSON.stringify(stuck.slice(0, 3))}`);
        if (Date.now() > deadline)
          throw new Error(
            `only ${bridges.filter((b) => b.status === 'running').length}/${count} bridges running after ${timeoutMs} ms`,
          );
        await sleep(1000);
      }
    },
    async cleanup() {
      await listBridges().catch(() => []);
      await dashboard.stop();
      await killBridges();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}
