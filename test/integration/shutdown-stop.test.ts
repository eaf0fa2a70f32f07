// A dashboard closed (as on SIGTERM) while a stop request is in flight (a real server on
// 127.0.0.1:0, temp HOME, the fake claude ignoring SIGINT and SIGTERM): the stop still ends as
// a normal stop does (the grace, then SIGKILL of the group), its request is answered 200 with
// `stopped`, bridges.json says `stopped`, and no process of the bridge is left. A second stop
// asked for once the close began is refused (503 supervisor-closed).
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { configSchema } from '../../src/config/schema.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { createSilentLogger } from '../../src/system/logger.js';
import { createNodeDeps } from '../../src/system/node.js';
import { makeDashboardWorld } from '../support/dashboard-process.js';
import { FAKE_CLAUDE_PATH, waitFor, waitForFile } from '../support/fake-claude.js';
import {
  FAST_FAKE_CLAUDE_KNOBS,
  findFakeClaudesUnder,
  killFakeClaudesUnder,
} from '../support/fake-claude-process.js';

const WAIT_MS = 30_000;
const stateDirs: string[] = [];
after(async () => {
  for (const dir of stateDirs) await killFakeClaudesUnder(dir);
});

type BridgeView = { id: string; status: string; pid: number | null };

describe('a dashboard closed during a stop', () => {
  it('startServer() close() lets a stop in flight end and record `stopped` before closing', {
    timeout: 120_000,
  }, async () => {
    const world = await makeDashboardWorld(['app'], { trusted: true, knobs: {} });
    stateDirs.push(world.stateDir);
    let server: RunningServer | undefined;
    try {
      const deps = createNodeDeps({ HOME: world.home, PATH: process.env.PATH ?? '/usr/bin:/bin' });
      const env = { ...FAST_FAKE_CLAUDE_KNOBS, FAKE_CLAUDE_CRASH: 'f' };
      const config = configSchema.parse({
        port: 0,
        state_dir: world.stateDir,
        projects_root: join(world.root, 'projects'),
        claude: { binary: FAKE_CLAUDE_PATH, stop_grace_seconds: 1, env },
      });
      const running = await startServer(config, deps, { logger: createSilentLogger() });
      server = running;
      const post = (path: string) =>
        fetch(`${running.url}${path}`, { method: 'POST', headers: { origin: running.url } });
      const started = await post('/api/projects/app/start');
      assert.equal(started.status, 201, await started.clone().text());
      const { bridge } = (await started.json()) as { bridge: BridgeView };
      // Its SIGINT and SIGTERM handlers are installed once it logged this.
      const debugLog = join(world.stateDir, 'logs', bridge.id, 'debug.log');
      await waitForFile(debugLog, WAIT_MS, (text) => text.includes('Acquired PID lock'));

      const stopping = post(`/api/bridges/${bridge.id}/stop`);
      const supervisor = running.context.supervisor;
      await waitFor(() => supervisor?.listRecords()[0]?.intentional_stop === true, WAIT_MS);
      const closing = running.close();
      const late = await post(`/api/bridges/${bridge.id}/stop`);
      assert.equal(late.status, 503);
      assert.equal(
        ((await late.json()) as { error: { code: string } }).error.code,
        'supervisor-closed',
      );

      const answer = await stopping;
      assert.equal(answer.status, 200);
      assert.equal(((await answer.json()) as { bridge: BridgeView }).bridge.status, 'stopped');
      await closing;
      const saved = JSON.parse(await fs.readFile(join(world.stateDir, 'bridges.json'), 'utf8'));
      assert.deepEqual(
        saved.bridges.map((b: BridgeView) => [b.id, b.status, b.pid]),
        [[bridge.id, 'stopped', null]],
      );
      assert.deepEqual(await findFakeClaudesUnder(world.stateDir), []);
    } finally {
      await killFakeClaudesUnder(world.stateDir);
      await server?.close();
      await world.cleanup();
    }
  });
});
