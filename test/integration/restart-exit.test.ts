// The real `node bin/clauster.js run` with CLAUSTER_RESTART_ON_EXIT=1 in a child process (temp
// HOME, port 0, the fake claude): POST /api/restart answers 202 and the process exits by itself
// with 75 (what systemd's RestartForceExitStatus=75 restarts on) within seconds, even with a
// leftover handle that would keep it alive (test/fixtures/leftover-handle.mjs), its bridge
// still running; the next `clauster run` on the same state_dir re-adopts it. SIGTERM ends it
// the same way, with 0, whatever the leftover handle.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeProcesses } from '../../src/system/node.js';
import { makeDashboardWorld, useDashboardProcesses } from '../support/dashboard-process.js';
import { waitFor } from '../support/fake-claude.js';
import { FAST_FAKE_CLAUDE_KNOBS } from '../support/fake-claude-process.js';

const dashboards = useDashboardProcesses();
const LEFTOVER_HANDLE = new URL('../fixtures/leftover-handle.mjs', import.meta.url);

async function callApi(base: string, path: string, method = 'GET'): Promise<Response> {
  const headers: Record<string, string> = method === 'GET' ? {} : { origin: new URL(base).origin };
  return fetch(`${base}${path}`, { method, headers });
}

async function readBridge(base: string, id: string) {
  const body = (await (await callApi(base, `/api/bridges/${id}`)).json()) as {
    bridge: { status: string; pid: number | null };
  };
  return body.bridge;
}

describe('clauster run with CLAUSTER_RESTART_ON_EXIT=1', () => {
  it('clauster run exits 75 after POST /api/restart; the bridge lives on and is re-adopted', {
    timeout: 180_000,
  }, async () => {
    const world = await makeDashboardWorld(['app'], {
      trusted: true,
      knobs: FAST_FAKE_CLAUDE_KNOBS,
      lines: ['port: 0'],
    });
    try {
      const env = {
        ...world.env,
        CLAUSTER_CONFIG: world.configPath,
        CLAUSTER_RESTART_ON_EXIT: '1',
      };
      // A ref'd timer preloaded into the first dashboard only: the restart exit must not wait.
      const leftover = { NODE_OPTIONS: `--import=${LEFTOVER_HANDLE.href}` };
      const first = await dashboards.start(['run'], {
        env: { ...env, ...leftover },
        cwd: world.root,
      });
      const config = (await (await callApi(first.url, '/api/config')).json()) as Record<
        string,
        unknown
      >;
      assert.equal(config.restart_available, true);
      const started = await callApi(first.url, '/api/projects/app/start', 'POST');
      assert.equal(started.status, 201, await started.clone().text());
      const { bridge } = (await started.json()) as { bridge: { id: string; pid: number } };
      dashboards.trackBridge(bridge.pid);
      await waitFor(
        async () => (await readBridge(first.url, bridge.id)).status === 'running',
        60_000,
        200,
      );

      const requested = Date.now();
      const response = await callApi(first.url, '/api/restart', 'POST');
      assert.equal(response.status, 202);
      const code = await Promise.race([
        first.exited().then((exit) => exit.code),
        new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 10_000)),
      ]);
      assert.equal(code, 75, `exit 75 within 10 s: ${first.output().slice(-800)}`);
      assert.ok(Date.now() - requested < 10_000);
      assert.match(first.output(), /restart requested by anonymous/);
      assert.match(first.stderr(), /restarting: exit 75 for the supervisor/);
      assert.doesNotMatch(first.stderr(), /not a config variable/);
      assert.ok(await nodeProcesses.identity(bridge.pid), 'the bridge outlives the restart');

      const second = await dashboards.start(['run'], { env, cwd: world.root });
      const adopted = await readBridge(second.url, bridge.id);
      assert.deepEqual(adopted.status, 'running');
      assert.equal(adopted.pid, bridge.pid);
      second.child.kill('SIGTERM');
      assert.equal((await second.exited()).code, 0);
    } finally {
      await world.cleanup();
    }
  });

  it('clauster run exits 0 on SIGTERM even with a leftover handle', {
    timeout: 120_000,
  }, async () => {
    const world = await makeDashboardWorld(['app'], {
      trusted: true,
      knobs: FAST_FAKE_CLAUDE_KNOBS,
      lines: ['port: 0'],
    });
    try {
      const dashboard = await dashboards.start(['run'], {
        env: {
          ...world.env,
          CLAUSTER_CONFIG: world.configPath,
          NODE_OPTIONS: `--import=${LEFTOVER_HANDLE.href}`,
        },
        cwd: world.root,
      });
      dashboard.child.kill('SIGTERM');
      const code = await Promise.race([
        dashboard.exited().then((exit) => exit.code),
        new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 10_000)),
      ]);
      assert.equal(code, 0, `exit 0 within 10 s: ${dashboard.output().slice(-800)}`);
      assert.match(dashboard.stderr(), /SIGTERM received, stopping \(bridges keep running\)/);
    } finally {
      await world.cleanup();
    }
  });
});
