// A real `kill -9` of a dashboard: bin/clauster.js run in a child process (port 0, temp HOME,
// the fake claude), a bridge started through its API, the dashboard SIGKILLed, a new one
// started on the same state_dir → the bridge is re-adopted as running with its URL. And a
// SIGTERM with live bridges: the dashboard exits at once, the bridges keep writing their logs.
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nodeProcesses } from '../../src/system/node.js';
import { makeDashboardWorld, useDashboardProcesses } from '../support/dashboard-process.js';
import { waitFor } from '../support/fake-claude.js';

const dashboards = useDashboardProcesses();

async function getJson(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url);
  return (await response.json()) as Record<string, unknown>;
}

/** A temp world with trusted `projects`; the dashboard finds its config by $CLAUSTER_CONFIG. */
async function makeWorld(projects: string[]) {
  const world = await makeDashboardWorld(projects, {
    trusted: true,
    knobs: { FAKE_CLAUDE_REGISTER_DELAY_MS: '100' },
    lines: ['port: 0'],
  });
  return { ...world, env: { ...world.env, CLAUSTER_CONFIG: world.configPath } };
}

function startDashboard(world: { root: string; env: Record<string, string> }) {
  return dashboards.start(['run'], { env: world.env, cwd: world.root });
}

async function startRunningBridge(baseUrl: string, project: string) {
  const started = await fetch(`${baseUrl}/api/projects/${project}/start`, { method: 'POST' });
  assert.equal(started.status, 201, await started.clone().text());
  const { bridge } = (await started.json()) as { bridge: { id: string; pid: number } };
  dashboards.trackBridge(bridge.pid);
  return waitFor(
    async () => {
      const body = await getJson(`${baseUrl}/api/bridges/${bridge.id}`);
      const b = body.bridge as { id: string; pid: number; status: string; url: string | null };
      return b.status === 'running' ? b : null;
    },
    30_000,
    200,
  );
}

describe('dashboard kill -9 and restart', () => {
  it('startServer() re-adopts a bridge that outlived a SIGKILLed dashboard, with its URL', {
    timeout: 180_000,
  }, async () => {
    const world = await makeWorld(['app']);
    try {
      const first = await startDashboard(world);
      const running = await startRunningBridge(first.url, 'app');
      const bridge = { id: running.id, pid: running.pid };

      first.child.kill('SIGKILL');
      await first.exited();
      assert.ok(await nodeProcesses.identity(bridge.pid), 'the bridge outlives its dashboard');

      const second = await startDashboard(world);
      const adopted = (await getJson(`${second.url}/api/bridges/${bridge.id}`)).bridge as Record<
        string,
        unknown
      >;
      assert.equal(adopted.status, 'running');
      assert.equal(adopted.url, running.url);
      assert.equal(adopted.pid, bridge.pid);

      const third = dashboards.spawn(['run'], { env: world.env, cwd: world.root });
      const thirdExit = await third.exited();
      assert.equal(thirdExit.code, 2, 'a second dashboard on the same state_dir is refused');
      assert.match(third.stderr(), new RegExp(`pid ${second.child.pid}`));

      const stopped = await fetch(`${second.url}/api/bridges/${bridge.id}/stop`, {
        method: 'POST',
      });
      assert.equal(
        ((await stopped.json()) as { bridge: { status: string } }).bridge.status,
        'stopped',
      );
      assert.equal(await nodeProcesses.identity(bridge.pid), null);
      second.child.kill('SIGTERM');
      assert.equal((await second.exited()).code, 0);
    } finally {
      await world.cleanup();
    }
  });
});

describe('dashboard SIGTERM with live bridges', () => {
  it('clauster run exits within seconds of SIGTERM; its bridges live on and keep writing stdout.log', {
    timeout: 180_000,
  }, async () => {
    const world = await makeWorld(['one', 'two']);
    try {
      const { stateDir } = world;
      const dashboard = await startDashboard(world);
      const bridges = await Promise.all(
        ['one', 'two'].map((project) => startRunningBridge(dashboard.url, project)),
      );
      for (const bridge of bridges) {
        const dir = join(stateDir, 'logs', bridge.id);
        // Not a pipe or socket into the dashboard: the bridge holds the files itself.
        assert.equal(await fs.readlink(`/proc/${bridge.pid}/fd/1`), join(dir, 'stdout.log'));
        assert.equal(await fs.readlink(`/proc/${bridge.pid}/fd/2`), join(dir, 'stderr.log'));
      }

      const signalled = Date.now();
      dashboard.child.kill('SIGTERM');
      const code = await Promise.race([
        dashboard.exited().then((exit) => exit.code),
        new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 10_000)),
      ]);
      assert.equal(code, 0, `exit within 10 s of SIGTERM: ${dashboard.output().slice(-500)}`);
      const seconds = (Date.now() - signalled) / 1000;
      for (const bridge of bridges)
        assert.ok(await nodeProcesses.identity(bridge.pid), `bridge ${bridge.id} lives on`);

      // Output written after the dashboard is gone: the shutdown lines of a SIGINT.
      for (const bridge of bridges) process.kill(bridge.pid, 'SIGINT');
      for (const bridge of bridges) {
        await waitFor(async () => (await nodeProcesses.identity(bridge.pid)) === null, 30_000, 50);
        const stdout = await fs.readFile(join(stateDir, 'logs', bridge.id, 'stdout.log'), 'utf8');
        assert.match(stdout, /Environment preserved/, `bridge ${bridge.id} after ${seconds} s`);
      }
    } finally {
      await world.cleanup();
    }
  });
});
