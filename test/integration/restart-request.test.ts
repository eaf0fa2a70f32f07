// POST /api/restart on a real server (127.0.0.1:0, temp HOME, the fake claude through the real
// supervisor): with the restart option the answer is 202, then the close path runs (sockets
// closed with 1012, the instance lock released, nothing listening) and only then the injected
// exit gets 75; the bridge lives on and a new server on the same state_dir re-adopts it.
// Without the option: 409 and nothing closes. While a clone job runs: 409.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import WebSocket from 'ws';
import { configSchema } from '../../src/config/schema.js';
import type { CloneJob } from '../../src/projects/clone-jobs.js';
import { type RunningServer, type StartOptions, startServer } from '../../src/server.js';
import { createSilentLogger } from '../../src/system/logger.js';
import { createNodeDeps, nodeProcesses } from '../../src/system/node.js';
import { type DashboardWorld, makeDashboardWorld } from '../support/dashboard-process.js';
import { FAKE_CLAUDE_PATH, waitFor } from '../support/fake-claude.js';
import { FAST_FAKE_CLAUDE_KNOBS, killFakeClaudeGroups } from '../support/fake-claude-process.js';

const WAIT_MS = 30_000;
const servers: RunningServer[] = [];
const bridgePids = new Set<number>();
after(async () => {
  await killFakeClaudeGroups(bridgePids);
  await Promise.all(servers.map((server) => server.close()));
});

function start(world: DashboardWorld, options: Pick<StartOptions, 'restart'> = {}) {
  const config = configSchema.parse({
    port: 0,
    state_dir: world.stateDir,
    projects_root: join(world.root, 'projects'),
    claude: { binary: FAKE_CLAUDE_PATH, stop_grace_seconds: 2, env: FAST_FAKE_CLAUDE_KNOBS },
  });
  const deps = createNodeDeps({ HOME: world.home, PATH: process.env.PATH ?? '/usr/bin:/bin' });
  return startServer(config, deps, { logger: createSilentLogger(), ...options }).then((server) => {
    servers.push(server);
    return server;
  });
}

function post(server: RunningServer, path: string): Promise<Response> {
  return fetch(`${server.url}${path}`, { method: 'POST', headers: { origin: server.url } });
}

async function startRunningBridge(server: RunningServer) {
  const started = await post(server, '/api/projects/app/start');
  assert.equal(started.status, 201, await started.clone().text());
  const { bridge } = (await started.json()) as { bridge: { id: string; pid: number } };
  bridgePids.add(bridge.pid);
  await waitFor(() => server.context.supervisor?.get(bridge.id)?.status === 'running', WAIT_MS);
  return bridge;
}

/** An open /ws/events socket and the close code it gets. */
async function openEvents(server: RunningServer) {
  const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/ws/events`, {
    headers: { origin: server.url },
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, closed };
}

describe('POST /api/restart on a real server', () => {
  it('startServer() restart: 202, close path, then exit(75); the bridge is re-adopted', {
    timeout: 120_000,
  }, async () => {
    const world = await makeDashboardWorld(['app'], { trusted: true, knobs: {} });
    try {
      let atExit: { code: number; listening: boolean[] } | undefined;
      let exitCalled = (): void => {};
      const exited = new Promise<void>((resolve) => (exitCalled = resolve));
      const server: RunningServer = await start(world, {
        restart: {
          exit(code) {
            atExit = { code, listening: server.httpServers.map((s) => s.listening) };
            exitCalled();
          },
        },
      });
      const bridge = await startRunningBridge(server);
      const events = await openEvents(server);

      const response = await post(server, '/api/restart');
      assert.equal(response.status, 202);
      assert.deepEqual(await response.json(), { restarting: true });
      await exited;
      assert.deepEqual(atExit, { code: 75, listening: [false] }, 'exit only after the close');
      assert.equal(await events.closed, 1012, 'the page is told "service restart"');
      assert.ok(await nodeProcesses.identity(bridge.pid), 'the bridge was not signalled');

      // The lock was released: a new server takes the same state_dir and re-adopts the bridge.
      const second = await start(world);
      const adopted = second.context.supervisor?.get(bridge.id);
      assert.equal(adopted?.status, 'running');
      assert.equal(adopted?.pid, bridge.pid);
    } finally {
      await killFakeClaudeGroups(bridgePids);
      await Promise.all(servers.splice(0).map((server) => server.close()));
      await world.cleanup();
    }
  });

  it('startServer() without the restart option answers 409 and keeps serving', {
    timeout: 60_000,
  }, async () => {
    const world = await makeDashboardWorld([], { trusted: false, knobs: {} });
    try {
      const server = await start(world);
      const events = await openEvents(server);
      const config = (await (await fetch(`${server.url}/api/config`)).json()) as Record<
        string,
        unknown
      >;
      assert.equal(config.restart_available, false);
      const response = await post(server, '/api/restart');
      assert.equal(response.status, 409);
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'restart-unsupported');
      assert.match(body.error.message, /CLAUSTER_RESTART_ON_EXIT=1/);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      assert.equal(events.ws.readyState, WebSocket.OPEN);
      events.ws.close();
    } finally {
      await Promise.all(servers.splice(0).map((server) => server.close()));
      await world.cleanup();
    }
  });

  it('startServer() restart answers 409 clone-jobs-running while a clone job runs', {
    timeout: 60_000,
  }, async () => {
    const world = await makeDashboardWorld([], { trusted: false, knobs: {} });
    try {
      const exits: number[] = [];
      const server = await start(world, { restart: { exit: (code) => exits.push(code) } });
      const clone = server.context.clone;
      assert.ok(clone);
      const job = { status: 'running' } as CloneJob;
      server.context.clone = { ...clone, list: () => [job] };
      const response = await post(server, '/api/restart');
      assert.equal(response.status, 409);
      const body = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'clone-jobs-running');
      assert.match(body.error.message, /^1 clone job is still running/);
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      assert.deepEqual(exits, []);
    } finally {
      await Promise.all(servers.splice(0).map((server) => server.close()));
      await world.cleanup();
    }
  });
});
