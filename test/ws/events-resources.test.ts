// /ws/events and the resource sampler over a real socket: the snapshot carries the latest
// numbers and the display flags, an open socket keeps the sampler publishing every poll
// interval, closing it stops; each event is serialised once for all sockets.
import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import WebSocket from 'ws';
import { createBridgeResourceSampler } from '../../src/bridges/bridge-resources.js';
import type { Bridge, BridgeRecord } from '../../src/bridges/record.js';
import type { Supervisor } from '../../src/bridges/supervisor.js';
import type { ClausterEvent } from '../../src/events/bus.js';
import type { ProcStats } from '../../src/system/ports.js';
import { serialiseEvent } from '../../src/ws/events.js';
import { passwordAuthConfig } from '../support/auth-app.js';
import { waitFor } from '../support/fake-claude.js';
import { loginOverSocket, type SocketApp, serveSocketApp } from '../support/socket-app.js';
import { useSuiteTempDir } from '../support/temp.js';

const BRIDGE = {
  id: 'br-abcdefghijkl',
  project: 'app',
  status: 'running',
  pid: 4242,
  proc_start_ticks: 1,
} as Bridge & BridgeRecord;
/** A short interval, so the test sees several polls of the real timer. */
const POLL_MS = 60;

const readOne = async (pid: number) => [
  { pid, startTicks: 1, cpuTicks: 0, rssBytes: 2_000_000, readBytes: 1, writeBytes: 2 },
];
const procStats: ProcStats = {
  ticksPerSecond: async () => 100,
  cpuCount: () => 1,
  readTrees: (roots) => Promise.all(roots.map((r) => readOne(r.pid))),
};

describe('/ws/events with resource metrics', () => {
  let served: SocketApp;
  const published: ClausterEvent[] = [];
  after(() => served.close());
  const dir = useSuiteTempDir();

  before(async () => {
    served = await serveSocketApp({ stateDir: dir.path, auth: await passwordAuthConfig() });
    const { ctx } = served;
    ctx.supervisor = { list: () => [BRIDGE], autostartRetries: () => [] } as unknown as Supervisor;
    const metrics = { ...ctx.config.metrics, show_disk: false, poll_seconds: POLL_MS / 1000 };
    ctx.config = { ...ctx.config, metrics };
    ctx.resources = createBridgeResourceSampler(ctx.config.metrics, {
      clock: { now: () => Date.now() },
      procStats,
      bus: ctx.bus,
      listRecords: () => [BRIDGE],
    });
    ctx.bus.subscribe((event) => {
      if (event.type === 'bridge-resources') published.push(event);
    });
  });

  it('eventsWsRoutes() sends resources and display flags, and keeps the sampler going while open', async () => {
    const { origin, wsBase, ctx } = served;
    const cookie = await loginOverSocket(origin);
    const ws = new WebSocket(`${wsBase}/ws/events`, { headers: { origin, cookie } });
    type Row = { rss_bytes: number; cpu_percent: number | null; sampled_at: string };
    type Message = { type: string; metrics?: unknown; resources?: Record<string, Row> };
    const messages: Message[] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data))));
    const rows = () =>
      messages.flatMap((m) => (m.type === 'bridge-resources' ? [m.resources?.[BRIDGE.id]] : []));
    await waitFor(() => rows().length >= 3, 10_000);
    const snapshot = messages[0];
    assert.equal(snapshot?.type, 'snapshot');
    assert.deepEqual(snapshot?.metrics, { show_disk: false, normalize_cpu: false });
    assert.equal(typeof snapshot?.resources, 'object');
    const [first, second] = rows();
    assert.equal(first?.rss_bytes, 2_000_000);
    assert.equal(first?.cpu_percent, null, 'no CPU % on the first reading');
    // The timer keeps polling while the socket is open, one interval apart, and the second
    // reading has a CPU % against the first.
    const gap = Date.parse(second?.sampled_at ?? '') - Date.parse(first?.sampled_at ?? '');
    assert.ok(gap >= POLL_MS - 5, `polls ${gap} ms apart`);
    assert.equal(second?.cpu_percent, 0);
    ws.terminate();
    // Once the server saw the close, a poll publishes nothing: nobody is watching.
    await waitFor(async () => {
      const before = published.length;
      await ctx.resources?.poll();
      return published.length === before;
    }, 10_000);
    ctx.resources?.close();
  });

  it('serialiseEvent() serialises a published event once for every socket', () => {
    const stringify = mock.method(JSON, 'stringify');
    try {
      const event: ClausterEvent = { type: 'bridge-resources', resources: { a: 1 } };
      const text = serialiseEvent(event);
      assert.equal(serialiseEvent(event), text);
      assert.equal(text, '{"type":"bridge-resources","resources":{"a":1}}');
      assert.equal(stringify.mock.callCount(), 1);
    } finally {
      stringify.mock.restore();
    }
  });
});
