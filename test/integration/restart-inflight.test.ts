// A dashboard stopped while a start is in flight (a real server on 127.0.0.1:0, temp HOME, the
// fake claude with a registration delay): close() begins the moment the bridge is spawned, and
// reading its pid is held until that close has finished (or 300 ms passed, for a close that
// waits). The start still answers 201, a new server on the same state_dir has exactly one live
// bridge for the project, recorded, a second start is refused, and after stopping it no
// process of it is left.
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isLiveStatus } from '../../src/bridges/record.js';
import { configSchema } from '../../src/config/schema.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { createSilentLogger } from '../../src/system/logger.js';
import { createNodeDeps } from '../../src/system/node.js';
import type { Deps, Processes, Spawn } from '../../src/system/ports.js';
import { type DashboardWorld, makeDashboardWorld } from '../support/dashboard-process.js';
import { FAKE_CLAUDE_PATH, waitFor } from '../support/fake-claude.js';
import {
  FAST_FAKE_CLAUDE_KNOBS,
  findFakeClaudesUnder,
  killFakeClaudesUnder,
} from '../support/fake-claude-process.js';

const WAIT_MS = 30_000;
const KNOBS = { ...FAST_FAKE_CLAUDE_KNOBS, FAKE_CLAUDE_REGISTER_DELAY_MS: '1500' };
const servers: RunningServer[] = [];
const stateDirs: string[] = [];
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
  for (const dir of stateDirs) await killFakeClaudesUnder(dir);
});

function start(world: DashboardWorld, deps: Deps): Promise<RunningServer> {
  const config = configSchema.parse({
    port: 0,
    state_dir: world.stateDir,
    projects_root: join(world.root, 'projects'),
    claude: { binary: FAKE_CLAUDE_PATH, stop_grace_seconds: 2, env: KNOBS },
  });
  return startServer(config, deps, { logger: createSilentLogger() }).then((server) => {
    servers.push(server);
    return server;
  });
}

function post(server: RunningServer, path: string): Promise<Response> {
  return fetch(`${server.url}${path}`, { method: 'POST', headers: { origin: server.url } });
}

type BridgeView = { id: string; project: string; status: string; pid: number | null };

describe('a dashboard stopped during a start', () => {
  it('startServer() close() during a start: one bridge, recorded and re-adopted, none left after stop', {
    timeout: 120_000,
  }, async () => {
    const world = await makeDashboardWorld(['app'], { trusted: true, knobs: {} });
    stateDirs.push(world.stateDir);
    try {
      const deps = createNodeDeps({ HOME: world.home, PATH: process.env.PATH ?? '/usr/bin:/bin' });
      let closing: Promise<void> | undefined;
      let first: RunningServer | undefined;
      let held: { pid: number | undefined; done: Promise<unknown> } | undefined;
      // The stop arrives right after the spawn, before the pid is read and saved.
      const spawn: Spawn = (file, args, options) => {
        const child = deps.spawn(file, args, options);
        if (args.includes('remote-control') && closing === undefined) {
          closing = first?.close();
          const waited = new Promise((resolve) => setTimeout(resolve, 300));
          held = { pid: child.pid, done: Promise.race([closing, waited]) };
        }
        return child;
      };
      const processes: Processes = {
        ...deps.processes,
        async identity(pid) {
          if (pid === held?.pid) await held.done;
          return deps.processes.identity(pid);
        },
      };
      first = await start(world, { ...deps, spawn, processes });
      const response = await post(first, '/api/projects/app/start');
      assert.equal(response.status, 201, await response.clone().text());
      const { bridge } = (await response.json()) as { bridge: BridgeView };
      assert.ok(closing, 'the close began during the start');
      await closing;
      const saved = JSON.parse(await fs.readFile(join(world.stateDir, 'bridges.json'), 'utf8'));
      assert.deepEqual(
        saved.bridges.map((b: BridgeView) => [b.id, b.pid]),
        [[bridge.id, bridge.pid]],
        'bridges.json holds the bridge with its pid',
      );

      const second = await start(world, deps);
      const supervisor = second.context.supervisor;
      const live = supervisor?.list().filter((b) => b.project === 'app' && isLiveStatus(b.status));
      assert.deepEqual(
        live?.map((b) => [b.id, b.pid]),
        [[bridge.id, bridge.pid]],
      );
      await waitFor(() => supervisor?.get(bridge.id)?.status === 'running', WAIT_MS);
      const again = await post(second, '/api/projects/app/start');
      assert.equal(again.status, 409);
      assert.equal(
        ((await again.json()) as { error: { code: string } }).error.code,
        'already-running',
      );
      assert.deepEqual(await findFakeClaudesUnder(world.stateDir), [bridge.pid]);

      const stopped = await post(second, `/api/bridges/${bridge.id}/stop`);
      assert.equal(((await stopped.json()) as { bridge: BridgeView }).bridge.status, 'stopped');
      await waitFor(async () => (await findFakeClaudesUnder(world.stateDir)).length === 0, WAIT_MS);
    } finally {
      await killFakeClaudesUnder(world.stateDir);
      await Promise.all(servers.splice(0).map((server) => server.close()));
      await world.cleanup();
    }
  });
});
