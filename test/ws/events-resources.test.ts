// /ws/events and the resource sampler over a real socket: the snapshot carries the latest
// numbers and the display flags, an open socket keeps the sampler publishing, closing it stops.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { createBridgeResourceSampler } from '../../src/bridges/bridge-resources.js';
import type { Bridge } from '../../src/bridges/record.js';
import type { Supervisor } from '../../src/bridges/supervisor.js';
import type { ClausterEvent } from '../../src/events/bus.js';
import type { ProcStats } from '../../src/system/ports.js';
import { passwordAuthConfig } from '../support/auth-app.js';
import { waitFor } from '../support/fake-claude.js';
import { loginOverSocket, type SocketApp, serveSocketApp } from '../support/socket-app.js';
import { useSuiteTempDir } from '../support/temp.js';

const BRIDGE = { id: 'br-abcdefghijkl', project: 'app', status: 'running', pid: 4242 } as Bridge;

const procStats: ProcStats = {
  ticksPerSecond: async () => 100,
  cpuCount: () => 1,
  readTree: async (pid) => [
    { pid, startTicks: 1, cpuTicks: 0, rssBytes: 2_000_000, readBytes: 1, writeBytes: 2 },
  ],
};

describe('/ws/events with resource metrics', () => {
  let served: SocketApp;
  const published: ClausterEvent[] = [];
  after(() => served.close());
  const dir = useSuiteTempDir();

  before(async () => {
    served = await serveSocketApp({ stateDir: dir.path, auth: await passwordAuthConfig() });
    const { ctx } = served;
    ctx.supervisor = { list: () => [BRIDGE] } as unknown as Supervisor;
    ctx.config = { ...ctx.config, metrics: { ...ctx.config.metrics, show_disk: false } };
    ctx.resources = createBridgeResourceSampler(ctx.config.metrics, {
      clock: { now: () => Date.now() },
      procStats,
      bus: ctx.bus,
      listBridges: () => [BRIDGE],
    });
    ctx.bus.subscribe((event) => {
      if (event.type === 'bridge-resources') published.push(event);
    });
  });

  it('eventsWsRoutes() sends resources and display flags, and keeps the sampler going while open', async () => {
    const { origin, wsBase, ctx } = served;
    const cookie = await loginOverSocket(origin);
    const ws = new WebSocket(`${wsBase}/ws/events`, { headers: { origin, cookie } });
    type Message = {
      type: string;
      metrics?: unknown;
      resources?: Record<string, { rss_bytes: number; cpu_percent: number | null }>;
    };
    const messages: Message[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    await waitFor(() => messages.some((m) => m.type === 'bridge-resources'), 10_000);
    const snapshot = messages[0];
    assert.equal(snapshot?.type, 'snapshot');
    assert.deepEqual(snapshot?.metrics, { show_disk: false, normalize_cpu: false });
    assert.equal(typeof snapshot?.resources, 'object');
    const event = messages.find((m) => m.type === 'bridge-resources');
    assert.equal(event?.resources?.[BRIDGE.id]?.rss_bytes, 2_000_000);
    assert.equal(event?.resources?.[BRIDGE.id]?.cpu_percent, null);
    ws.terminate();
    // Once the server saw the close, a poll publishes nothing: nobody is watching.
    await waitFor(async () => {
      const before = published.length;
      await ctx.resources?.poll();
      return published.length === before;
    }, 10_000);
    ctx.resources?.close();
  });
});
