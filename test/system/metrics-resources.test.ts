// The per-bridge resource gauges of /metrics (src/system/metrics.ts, source bridgeResources).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEventBus } from '../../src/events/bus.js';
import { type BridgeResourceRow, createMetrics } from '../../src/system/metrics.js';

function metricsOver(read: () => Promise<Record<string, BridgeResourceRow>>) {
  return createMetrics(
    createEventBus(),
    { bridgeStatuses: () => [], webSocketClients: () => 0, bridgeResources: read },
    '9.9.9',
  );
}

describe('createMetrics() bridge resources', () => {
  it('createMetrics() exposes clauster_bridge_cpu_percent and clauster_bridge_rss_bytes by project', async () => {
    let rows: Record<string, BridgeResourceRow> = {
      'br-aaaaaaaaaaaa': { project: 'app', resources: { cpu_percent: 3.5, rss_bytes: 84_000_000 } },
      'br-bbbbbbbbbbbb': { project: 'web', resources: { cpu_percent: null, rss_bytes: 1000 } },
      'br-cccccccccccc': { project: 'api', resources: null },
    };
    const metrics = metricsOver(async () => rows);
    const text = await metrics.render();
    assert.match(text, /^# TYPE clauster_bridge_cpu_percent gauge$/m);
    assert.match(text, /^clauster_bridge_cpu_percent\{project="app"\} 3\.5$/m);
    assert.match(text, /^clauster_bridge_rss_bytes\{project="app"\} 84000000$/m);
    assert.match(text, /^clauster_bridge_rss_bytes\{project="web"\} 1000$/m);
    assert.doesNotMatch(text, /clauster_bridge_cpu_percent\{project="web"\}/, 'no CPU % yet');
    assert.doesNotMatch(text, /project="api"/);
    // A bridge that stopped disappears from the next scrape.
    rows = {};
    const later = await metrics.render();
    assert.doesNotMatch(later, /project="app"/);
    metrics.close();
  });

  it('createMetrics() has no resource gauges without the source (metrics.enabled false)', async () => {
    const metrics = createMetrics(
      createEventBus(),
      { bridgeStatuses: () => [], webSocketClients: () => 0 },
      '9.9.9',
    );
    assert.doesNotMatch(await metrics.render(), /clauster_bridge_(cpu_percent|rss_bytes)/);
    metrics.close();
  });
});
