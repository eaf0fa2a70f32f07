// The dashboard's resource line (web/src/resource-view.ts, shown by resource-line.ts): its
// text, when it is hidden, and the tooltip that says what the CPU % is a percent of.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Bridge, BridgeResources, MetricsDisplay } from '../../web/src/contract.js';
import { describeResources, resourceLineView } from '../../web/src/resource-view.js';
import { fakeBridge } from '../support/bridge-fixture.js';

const RESOURCES: BridgeResources = {
  cpu_percent: 3.14,
  rss_bytes: 84_200_000,
  disk_read_bytes: 1_250_000,
  disk_write_bytes: 310_000,
  sampled_at: '2030-01-01T00:00:00.000Z',
};
const SHOW_ALL: MetricsDisplay = { show_disk: true, normalize_cpu: false };

function bridge(status: Bridge['status'], pid: number | null = 42): Bridge {
  return fakeBridge({ project: 'demo-app', status, pid });
}

describe('describeResources()', () => {
  it('describeResources() shows CPU, memory and disk in decimal units', () => {
    assert.equal(
      describeResources(RESOURCES, SHOW_ALL),
      'CPU 3.1 % · 84.2 MB · disk r 1.3 MB / w 310 kB',
    );
  });

  it('describeResources() leaves disk out with show_disk false or unreadable io, and waits for a CPU %', () => {
    const noDisk = { ...SHOW_ALL, show_disk: false };
    assert.equal(describeResources(RESOURCES, noDisk), 'CPU 3.1 % · 84.2 MB');
    const unreadable = { ...RESOURCES, disk_read_bytes: null };
    assert.equal(describeResources(unreadable, SHOW_ALL), 'CPU 3.1 % · 84.2 MB');
    const first = { ...RESOURCES, cpu_percent: null };
    assert.match(describeResources(first, noDisk), /^CPU … % · /);
  });
});

describe('resourceLineView()', () => {
  it('resourceLineView() is hidden (empty) unless metrics are on and the bridge is live and sampled', () => {
    assert.notEqual(resourceLineView(bridge('running'), RESOURCES, SHOW_ALL).text, '');
    assert.notEqual(resourceLineView(bridge('error'), RESOURCES, SHOW_ALL).text, '');
    assert.equal(resourceLineView(bridge('stopped'), RESOURCES, SHOW_ALL).text, '');
    assert.equal(resourceLineView(bridge('crashed'), RESOURCES, SHOW_ALL).text, '');
    assert.equal(resourceLineView(bridge('error', null), RESOURCES, SHOW_ALL).text, '');
    assert.equal(resourceLineView(bridge('running'), undefined, SHOW_ALL).text, '');
    assert.equal(resourceLineView(bridge('running'), RESOURCES, null).text, '');
    assert.equal(resourceLineView(null, RESOURCES, SHOW_ALL).text, '');
  });

  it('resourceLineView() says in its title whether CPU is of one core or of all (normalize_cpu)', () => {
    const one = resourceLineView(bridge('running'), RESOURCES, SHOW_ALL).title;
    const all = resourceLineView(bridge('running'), RESOURCES, {
      ...SHOW_ALL,
      normalize_cpu: true,
    });
    assert.match(one, /^CPU: percent of one core/);
    assert.match(all.title, /^CPU: percent of all cores/);
  });
});
