// A real dashboard for the `clauster mcp` write tools: an MCP world with mcp.allow_writes and
// password auth on 127.0.0.1 port 0 (plus `yaml`), startServer() over it with the fake
// `claude` on fast knobs, and a bearer token issued into its state_dir. Call it inside a
// describe(); the fields are set once its `before` hook has run.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { issueToken } from '../../src/auth/api-tokens.js';
import type { BridgeRecord } from '../../src/bridges/record.js';
import { loadConfig } from '../../src/config/load.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { createSilentLogger } from '../../src/system/logger.js';
import { createNodeDeps } from '../../src/system/node.js';
import { fakePasswordHash } from './auth-app.js';
import { FAST_FAKE_CLAUDE_KNOBS, killFakeClaudeGroups } from './fake-claude-process.js';
import { type McpClient, type McpWorld, useMcpWorlds } from './mcp-world.js';

export interface McpDashboardOptions {
  /** More YAML for clauster.yml (a `projects:` section, say). */
  yaml?: string;
  /** More `claude.env` for the fake (a FAKE_CLAUDE_CRASH mode, say). */
  claudeEnv?: Record<string, string>;
  /** bridges.json as the dashboard finds it when it starts. */
  seed?: readonly BridgeRecord[] | ((world: McpWorld) => readonly BridgeRecord[]);
}

export interface McpDashboard {
  world: McpWorld;
  server: RunningServer;
  token: string;
  /** An MCP client for the world, pointed at this dashboard (`env` default: the token). */
  connect(env?: Record<string, string>): Promise<McpClient>;
  /** Calls the dashboard API with the token, as a human's own client would. */
  api(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response>;
}

/** Starts the dashboard before the suite's tests and stops it (and its bridges) after. */
export function useMcpDashboard(options: McpDashboardOptions = {}): McpDashboard {
  const dashboard = {} as McpDashboard;
  // Registered before the worlds' hook, so the server closes before its state_dir goes.
  after(async () => {
    const bridges = dashboard.server?.context.supervisor?.list() ?? [];
    await killFakeClaudeGroups(bridges.flatMap((bridge) => (bridge.pid ? [bridge.pid] : [])));
    await dashboard.server?.close();
  });
  const createWorld = useMcpWorlds();
  before(async () => {
    const auth = `auth:\n  enabled: true\n  password_required: true\n  password_hash: "${await fakePasswordHash()}"`;
    const yaml = ['host: 127.0.0.1', 'port: 0', auth, ...(options.yaml ? [options.yaml] : [])];
    const world = await createWorld({
      allowWrites: true,
      yaml: yaml.join('\n'),
      claudeEnv: { ...FAST_FAKE_CLAUDE_KNOBS, ...options.claudeEnv },
    });
    const seed = typeof options.seed === 'function' ? options.seed(world) : options.seed;
    if (seed !== undefined) await world.seedBridges(seed);
    const deps = createNodeDeps({ HOME: world.home, PATH: process.env.PATH ?? '' });
    const { config } = await loadConfig({ cwd: world.root, configPath: world.configPath }, deps);
    const server = await startServer(config, deps, { logger: createSilentLogger() });
    const issued = await issueToken(world.stateDir, { label: 'mcp-test' }, deps);
    assert.ok(issued.ok);
    const token = issued.value.token;
    Object.assign(dashboard, {
      world,
      server,
      token,
      connect: (env = { CLAUSTER_TOKEN: token }) => world.connect({ env, url: server.url }),
      api: (method, path, body) =>
        fetch(`${server.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }),
    } satisfies McpDashboard);
  });
  return dashboard;
}
