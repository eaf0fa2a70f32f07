import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEventBus } from '../../src/events/bus.js';
import { classifyReason, createMetrics } from '../../src/system/metrics.js';

describe('createMetrics()', () => {
  it('createMetrics() exposes bridges by status, spawns, crashes, logins and latency', async () => {
    const bus = createEventBus();
    const metrics = createMetrics(
      bus,
      { bridgeStatuses: () => ['running', 'running', 'crashed'], webSocketClients: () => 3 },
      '9.9.9',
    );
    bus.publish({ type: 'bridge', bridge: { id: 'br-a' }, from: null, to: 'starting' });
    bus.publish({
      type: 'bridge',
      bridge: { id: 'br-a', reason: 'Error: Workspace not trusted.' },
      from: 'starting',
      to: 'crashed',
    });
    metrics.countLogin('failure');
    metrics.countLogin('throttled');
    metrics.countRedactedLines(5);
    metrics.observeRequest('/api/bridges', 'GET', 200, 0.002);
    const text = await metrics.render();
    assert.match(text, /clauster_build_info\{version="9\.9\.9"\} 1/);
    assert.match(text, /clauster_bridges\{status="running"\} 2/);
    assert.match(text, /clauster_bridges\{status="error"\} 0/);
    assert.match(text, /clauster_websocket_clients 3/);
    assert.match(text, /clauster_bridge_spawns_total 1/);
    assert.match(text, /clauster_bridge_crashes_total\{reason="untrusted"\} 1/);
    assert.match(text, /clauster_logins_total\{outcome="failure"\} 1/);
    assert.match(text, /clauster_redacted_lines_total 5/);
    assert.match(
      text,
      /clauster_http_request_duration_seconds_count\{route="\/api\/bridges",method="GET",status="200"\} 1/,
    );
    metrics.close();
    assert.equal(bus.listenerCount(), 0);
  });
});

describe('classifyReason()', () => {
  it('classifyReason() maps CLI error lines to a bounded label set', () => {
    assert.equal(
      classifyReason('Error: Workspace not trusted. Please run `claude` in /x first'),
      'untrusted',
    );
    assert.equal(
      classifyReason('Error: You must be logged in to use Remote Control.'),
      'not-logged-in',
    );
    assert.equal(
      classifyReason('Error: Environment env_<redacted> not found.'),
      'environment-gone',
    );
    assert.equal(classifyReason('Error: getaddrinfo ENOTFOUND api.anthropic.com'), 'registration');
    assert.equal(classifyReason(null), 'unknown');
    assert.equal(classifyReason('something new'), 'other');
  });
});
