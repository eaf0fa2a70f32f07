// Restart keeps bridges: the real `node bin/clauster.js run` in a child process (temp HOME,
// a free port, the fake claude with fast knobs), 3 projects trusted and started through the
// API, the dashboard stopped with SIGTERM (then, in a second world, SIGKILL) and started
// again: all 3 bridges are re-adopted `running` with the same pid and URL, and their logs
// stream over /ws/logs/{id} (a newly appended line reaches a real `ws` client).
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import WebSocket from 'ws';
import { nodeProcesses } from '../../src/system/node.js';
import { makeDashboardWorld, useDashboardProcesses } from '../support/dashboard-process.js';
import { waitFor } from '../support/fake-claude.js';
import { FAST_FAKE_CLAUDE_KNOBS } from '../support/fake-claude-process.js';
import { findFreePort } from '../support/free-port.js';

const PROJECTS = ['alpha', 'beta', 'gamma'] as const;
const WAIT_MS = 60_000;
const dashboards = useDashboardProcesses();

interface BridgeView {
  id: string;
  project: string;
  status: string;
  url: string | null;
  pid: number | null;
}

function startDashboard(configPath: string, env: Record<string, string>) {
  return dashboards.start(['run', '--config', configPath], { env });
}

async function callApi(base: string, path: string, method = 'GET'): Promise<Response> {
  // POSTs pass the origin gate like the dashboard's own page: Origin = the loopback origin.
  const headers: Record<string, string> = method === 'GET' ? {} : { origin: new URL(base).origin };
  return fetch(`${base}${path}`, { method, headers });
}

async function listBridges(base: string): Promise<BridgeView[]> {
  const response = await callApi(base, '/api/bridges');
  assert.equal(response.status, 200);
  return ((await response.json()) as { bridges: BridgeView[] }).bridges;
}

/** Opens /ws/logs/{id}?tail=0 and resolves with the first line that `accept` takes. */
function awaitLogLine(
  base: string,
  id: string,
  accept: (line: string) => boolean,
): { line: Promise<string>; close(): void } {
  const url = `${base.replace(/^http/, 'ws')}/ws/logs/${id}?tail=0`;
  const ws = new WebSocket(url, { headers: { origin: new URL(base).origin } });
  const line = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no streamed line for ${id}`)), WAIT_MS);
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; lines?: string[] };
      const hit = message.type === 'lines' ? message.lines?.find(accept) : undefined;
      if (hit === undefined) return;
      clearTimeout(timer);
      resolve(hit);
    });
    ws.once('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      reject(new Error(`/ws/logs/${id} refused with ${response.statusCode}`));
    });
    ws.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  return { line, close: () => ws.terminate() };
}

async function makeWorld() {
  // Logged in, consent given, nothing trusted yet; a poll line every 2 s.
  return makeDashboardWorld(PROJECTS, {
    trusted: false,
    knobs: { ...FAST_FAKE_CLAUDE_KNOBS, FAKE_CLAUDE_POLL_MS: '20' },
    lines: ['host: 127.0.0.1', `port: ${await findFreePort()}`],
  });
}

async function startThreeBridges(base: string): Promise<BridgeView[]> {
  for (const name of PROJECTS) {
    const trusted = await callApi(base, `/api/projects/${name}/trust`, 'POST');
    assert.equal(trusted.status, 200, await trusted.clone().text());
    const started = await callApi(base, `/api/projects/${name}/start`, 'POST');
    assert.equal(started.status, 201, await started.clone().text());
    const { bridge } = (await started.json()) as { bridge: BridgeView };
    dashboards.trackBridge(bridge.pid);
  }
  return waitFor(
    async () => {
      const bridges = await listBridges(base);
      const ready = bridges.length === 3 && bridges.every((b) => b.status === 'running' && b.url);
      return ready ? bridges : null;
    },
    WAIT_MS,
    200,
  );
}

async function assertStreaming(base: string, stateDir: string, bridge: BridgeView): Promise<void> {
  // The bridge's own next poll line, and a marker appended to its debug log right now.
  const marker = `restart-marker-${bridge.id}-${Date.now()}`;
  const polled = awaitLogLine(base, bridge.id, (line) => /consecutive empty polls/.test(line));
  const appended = awaitLogLine(base, bridge.id, (line) => line.includes(marker));
  const debugLog = join(stateDir, 'logs', bridge.id, 'debug.log');
  // Keep appending until it arrives: the tailer may open its offset just after a first write.
  const writer = setInterval(() => void fs.appendFile(debugLog, `${marker}\n`), 300);
  try {
    assert.match(await appended.line, new RegExp(marker));
    assert.match(await polled.line, /GET \.\.\.\/work\/poll -> 200/);
  } finally {
    clearInterval(writer);
    polled.close();
    appended.close();
  }
}

async function assertStateVersioned(stateDir: string): Promise<void> {
  for (const name of await fs.readdir(stateDir)) {
    if (!name.endsWith('.json') && name !== 'session.epoch') continue;
    const doc = JSON.parse(await fs.readFile(join(stateDir, name), 'utf8')) as Record<
      string,
      unknown
    >;
    assert.equal(doc.schema_version, 1, `${name} carries schema_version 1`);
  }
}

describe('restart keeps bridges', () => {
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`bin/clauster.js run re-adopts 3 running bridges after ${signal}, URLs and log streams intact`, {
      timeout: 300_000,
    }, async () => {
      const world = await makeWorld();
      try {
        const { stateDir } = world;
        const first = await startDashboard(world.configPath, world.env);
        const before = await startThreeBridges(first.url);

        first.child.kill(signal);
        const exit = await first.exited();
        if (signal === 'SIGTERM') assert.equal(exit.code, 0, 'a SIGTERM stop is clean');
        else assert.equal(exit.signal, 'SIGKILL');
        for (const bridge of before) {
          assert.ok(
            bridge.pid !== null && (await nodeProcesses.identity(bridge.pid)),
            `${bridge.project} outlives the dashboard`,
          );
        }

        const second = await startDashboard(world.configPath, world.env);
        assert.equal(second.url, first.url, 'same configured port');
        // A SIGKILL can land between the status event and its bridges.json write, so a bridge
        // may come back as `starting` and must then reach `running` from its own logs.
        const adopted = await waitFor(
          async () => {
            const bridges = await listBridges(second.url);
            return bridges.every((b) => b.status === 'running') ? bridges : null;
          },
          20_000,
          200,
        ).catch(async () => listBridges(second.url));
        const byId = new Map(adopted.map((b) => [b.id, b]));
        for (const bridge of before) {
          const again = byId.get(bridge.id);
          assert.equal(again?.status, 'running', `${bridge.project} re-adopted as running`);
          assert.equal(again?.pid, bridge.pid);
          assert.equal(again?.url, bridge.url);
        }
        for (const bridge of before) await assertStreaming(second.url, stateDir, bridge);
        await assertStateVersioned(stateDir);

        second.child.kill('SIGTERM');
        assert.equal((await second.exited()).code, 0);
      } finally {
        await world.cleanup();
      }
    });
  }
});
