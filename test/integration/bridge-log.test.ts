// Bridge lifecycle in the dashboard's own log (a real server on 127.0.0.1:0, temp HOME, the
// fake claude, the real redacting logger): a start, ready, stop, a crash at start with its
// reason, a re-adoption by a restarted dashboard, and log_level respected; never a connect
// URL or a session id.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { configSchema } from '../../src/config/schema.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { createLogger } from '../../src/system/logger.js';
import { createNodeDeps } from '../../src/system/node.js';
import type { LogLevel } from '../../src/system/ports.js';
import { type DashboardWorld, makeDashboardWorld } from '../support/dashboard-process.js';
import { FAKE_CLAUDE_PATH, waitFor } from '../support/fake-claude.js';
import { FAST_FAKE_CLAUDE_KNOBS, killFakeClaudesUnder } from '../support/fake-claude-process.js';

const WAIT_MS = 30_000;
const worlds: DashboardWorld[] = [];
after(async () => {
  for (const world of worlds) {
    await killFakeClaudesUnder(world.stateDir);
    await world.cleanup();
  }
});

type BridgeView = { id: string; status: string };

async function start(world: DashboardWorld, knobs: Record<string, string>, level: LogLevel) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    format: 'json',
    level,
    write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  const config = configSchema.parse({
    port: 0,
    state_dir: world.stateDir,
    projects_root: join(world.root, 'projects'),
    log_level: level,
    claude: { binary: FAKE_CLAUDE_PATH, stop_grace_seconds: 2, env: { ...knobs } },
  });
  const deps = createNodeDeps({ HOME: world.home, PATH: process.env.PATH ?? '/usr/bin:/bin' });
  const server = await startServer(config, deps, { logger });
  const post = (path: string) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { origin: server.url } });
  const bridgeLines = () => lines.filter((l) => String(l.msg).startsWith('bridge '));
  return { server, post, lines, bridgeLines };
}

async function newWorld(): Promise<DashboardWorld> {
  const world = await makeDashboardWorld(['app'], { trusted: true, knobs: {} });
  worlds.push(world);
  return world;
}

function assertNoSecrets(lines: ReadonlyArray<Record<string, unknown>>): void {
  const text = JSON.stringify(lines);
  assert.doesNotMatch(
    text,
    /claude\.ai\/code|environment=|env_[A-Za-z0-9]{8}|session_[A-Za-z0-9]{8}/,
  );
}

describe('the dashboard log of bridge transitions', () => {
  it('startServer() logs start, running, stop and, after a restart, re-adopted', {
    timeout: 120_000,
  }, async () => {
    const world = await newWorld();
    let server: RunningServer | undefined;
    try {
      const first = await start(world, FAST_FAKE_CLAUDE_KNOBS, 'info');
      server = first.server;
      const started = await first.post('/api/projects/app/start');
      assert.equal(started.status, 201, await started.clone().text());
      const { bridge } = (await started.json()) as { bridge: BridgeView };
      const running = () => first.server.context.supervisor?.get(bridge.id)?.status === 'running';
      await waitFor(running, WAIT_MS);
      await waitFor(() => first.bridgeLines().some((l) => l.msg === 'bridge running'), WAIT_MS);
      await first.server.close();

      const second = await start(world, FAST_FAKE_CLAUDE_KNOBS, 'info');
      server = second.server;
      const readopted = second.bridgeLines().find((l) => l.msg === 'bridge re-adopted');
      assert.equal(readopted?.bridge_id, bridge.id, JSON.stringify(second.lines));
      assert.equal(readopted?.project, 'app');
      assert.equal(readopted?.level, 'info');
      assert.equal((await second.post(`/api/bridges/${bridge.id}/stop`)).status, 200);
      await waitFor(() => second.bridgeLines().some((l) => l.msg === 'bridge stopped'), WAIT_MS);

      assert.deepEqual(
        first.bridgeLines().map((l) => [l.level, l.msg, l.project, l.bridge_id]),
        [
          ['info', 'bridge started', 'app', bridge.id],
          ['info', 'bridge running', 'app', bridge.id],
        ],
      );
      assert.deepEqual(
        second.bridgeLines().map((l) => [l.level, l.msg, l.status]),
        [
          ['info', 'bridge re-adopted', 'running'],
          ['info', 'bridge stopped', 'stopped'],
        ],
      );
      assertNoSecrets([...first.lines, ...second.lines]);
    } finally {
      await killFakeClaudesUnder(world.stateDir);
      await server?.close();
    }
  });

  it('startServer() logs a crash at start as WARN with its reason, and honours log_level', {
    timeout: 60_000,
  }, async () => {
    const world = await newWorld();
    const knobs = { ...FAST_FAKE_CLAUDE_KNOBS, FAKE_CLAUDE_GATE: 'not-logged-in' };
    const { server, post, bridgeLines } = await start(world, knobs, 'warn');
    try {
      const started = await post('/api/projects/app/start');
      assert.equal(started.status, 201, await started.clone().text());
      const { bridge } = (await started.json()) as { bridge: BridgeView };
      await waitFor(() => bridgeLines().length > 0, WAIT_MS);
      const lines = bridgeLines();
      // log_level: warn drops `bridge started`; the crash is a WARN line with the reason.
      assert.deepEqual(
        lines.map((l) => [l.level, l.msg, l.project, l.bridge_id, l.status, l.from]),
        [['warn', 'bridge crashed', 'app', bridge.id, 'crashed', 'starting']],
      );
      assert.match(String(lines[0]?.reason), /logged in/i);
      assertNoSecrets(lines);
    } finally {
      await server.close();
    }
  });
});
