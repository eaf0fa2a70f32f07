import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildBridgeMetrics,
  buildProjectMetrics,
  createBridgeResourceSampler,
  listSampledBridges,
} from '../../src/bridges/bridge-resources.js';
import type { Bridge, BridgeRecord } from '../../src/bridges/record.js';
import type { BridgeResources } from '../../src/bridges/resource-usage.js';
import { type ClausterEvent, createEventBus } from '../../src/events/bus.js';
import type { ProcStats } from '../../src/system/ports.js';

function bridge(
  id: string,
  project: string,
  status: Bridge['status'],
  pid: number | null,
  startTicks: number | null = 7,
): Bridge & Pick<BridgeRecord, 'proc_start_ticks'> {
  return { id, project, status, pid, proc_start_ticks: startTicks } as Bridge & BridgeRecord;
}

const BRIDGES = [
  bridge('br-a', 'app', 'running', 11),
  bridge('br-b', 'app', 'crashed', null),
  bridge('br-c', 'web', 'starting', null),
  bridge('br-d', 'api', 'error', 44),
];

function resources(cpu: number | null, rss: number): BridgeResources {
  return {
    cpu_percent: cpu,
    rss_bytes: rss,
    disk_read_bytes: null,
    disk_write_bytes: null,
    disk_read_bytes_per_second: null,
    disk_write_bytes_per_second: null,
    processes: 1,
    sampled_at: '2030-01-01T00:00:00.000Z',
  };
}

describe('listSampledBridges()', () => {
  it('listSampledBridges() keeps live statuses with a pid (error included: it may still run)', () => {
    assert.deepEqual(listSampledBridges(BRIDGES), [
      { id: 'br-a', pid: 11, startTicks: 7 },
      { id: 'br-d', pid: 44, startTicks: 7 },
    ]);
  });

  it('listSampledBridges() skips a bridge without a recorded start time (a pid it cannot check)', () => {
    const unknown = bridge('br-e', 'app', 'running', 55, null);
    assert.deepEqual(listSampledBridges([unknown, bridge('br-f', 'app', 'running', 66, 9)]), [
      { id: 'br-f', pid: 66, startTicks: 9 },
    ]);
  });
});

describe('buildBridgeMetrics()', () => {
  it('buildBridgeMetrics() lists live bridges, with null resources until sampled', () => {
    const view = buildBridgeMetrics(BRIDGES, { 'br-a': resources(1.5, 10) });
    assert.deepEqual(Object.keys(view), ['br-a', 'br-c', 'br-d']);
    assert.equal(view['br-a']?.resources?.cpu_percent, 1.5);
    assert.equal(view['br-c']?.resources, null);
    assert.equal(view['br-d']?.project, 'api');
  });
});

describe('buildProjectMetrics()', () => {
  it('buildProjectMetrics() totals one project and is null when nothing was sampled', () => {
    const table = { 'br-a': resources(2, 100), 'br-d': resources(5, 7) };
    assert.deepEqual(buildProjectMetrics('app', BRIDGES, table), {
      project: 'app',
      bridges: ['br-a'],
      resources: { ...resources(2, 100) },
    });
    assert.equal(buildProjectMetrics('web', BRIDGES, table).resources, null);
    assert.deepEqual(buildProjectMetrics('none', BRIDGES, table).bridges, []);
  });
});

describe('createBridgeResourceSampler()', () => {
  it('createBridgeResourceSampler() samples the live bridges and publishes bridge-resources while watched', async () => {
    const bus = createEventBus();
    const events: ClausterEvent[] = [];
    bus.subscribe((event) => events.push(event));
    const asked: Array<[number, number | null]> = [];
    const readOne = async (pid: number) => [
      { pid, startTicks: 7, cpuTicks: 0, rssBytes: 5, readBytes: 0, writeBytes: 0 },
    ];
    const procStats: ProcStats = {
      ticksPerSecond: async () => 100,
      cpuCount: () => 1,
      readTrees: async (roots) => {
        for (const r of roots) asked.push([r.pid, r.startTicks]);
        return Promise.all(roots.map((r) => readOne(r.pid)));
      },
    };
    const settings = { enabled: true, normalize_cpu: false, show_disk: true, poll_seconds: 4 };
    const sampler = createBridgeResourceSampler(settings, {
      clock: { now: () => 0 },
      procStats,
      bus,
      listRecords: () => BRIDGES,
    });
    await sampler.poll();
    assert.equal(events.length, 0, 'nothing published without a watcher');
    const release = sampler.watch();
    await sampler.poll();
    release();
    sampler.close();
    // The recorded start time goes with each pid, so a recycled pid reads as gone.
    assert.deepEqual(asked, [
      [11, 7],
      [44, 7],
      [11, 7],
      [44, 7],
    ]);
    const published = events.find((e) => e.type === 'bridge-resources');
    assert.ok(published && published.type === 'bridge-resources');
    assert.deepEqual(Object.keys(published.resources).sort(), ['br-a', 'br-d']);
  });
});
