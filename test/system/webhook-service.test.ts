import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configSchema } from '../../src/config/schema.js';
import { createEventBus } from '../../src/events/bus.js';
import { buildSessionRef } from '../../src/events/webhook-payload.js';
import { createMetrics } from '../../src/system/metrics.js';
import { createNodeDeps } from '../../src/system/node.js';
import type { Logger } from '../../src/system/ports.js';
import { startWebhooks } from '../../src/system/webhook-service.js';
import { fill } from '../support/fake-secrets.js';
import { useTempDir } from '../support/temp.js';
import { useWebhookReceiver } from '../support/webhook-receiver.js';

const dir = useTempDir();
const SESSION_ID = `session_01${fill('FAKEabcdefghijkmnopqrstuvwxyz', 22, 7)}`;
const SILENT: Logger = { debug() {}, info() {}, warn() {}, error() {} };

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail('condition not reached in time');
}

describe('startWebhooks()', () => {
  const receiver = useWebhookReceiver();

  it('startWebhooks() posts bridge events keyed by the session secret and counts them', async () => {
    const config = configSchema.parse({
      state_dir: dir.path,
      instance_name: 'lab',
      webhooks: { enabled: true, urls: [`${receiver.origin}/ok/hook`] },
    });
    const bus = createEventBus();
    const metrics = createMetrics(
      bus,
      { bridgeStatuses: () => [], webSocketClients: () => 0 },
      '1.0.0',
    );
    const service = await startWebhooks({
      config,
      deps: createNodeDeps({ HOME: dir.path }),
      bus,
      logger: SILENT,
      stateDir: dir.path,
      version: '1.0.0',
      metrics,
    });
    const bridge = { id: 'br-abcdefghijkl', project: 'app', url: null as string | null };
    bus.publish({ type: 'bridge', bridge, from: null, to: 'starting' });
    bridge.url = `https://claude.ai/code/${SESSION_ID}`;
    bus.publish({ type: 'bridge', bridge, from: 'starting', to: 'running' });
    // Closing aborts what is in flight: wait until both deliveries were counted.
    const counted = /clauster_webhook_deliveries_total\{outcome="ok"\} 2/;
    await waitFor(async () => counted.test(await metrics.render()));
    service.close();
    metrics.close();

    const bodies = receiver.requests.map((r) => JSON.parse(r.body));
    assert.deepEqual(
      bodies.map((b) => [b.event, b.instance, b.project]),
      [
        ['spawn', 'lab', 'app'],
        ['ready', 'lab', 'app'],
      ],
    );
    const secret = (await readFile(join(dir.path, 'session.secret'), 'utf8')).trim();
    assert.equal(bodies[1].session_ref, buildSessionRef(SESSION_ID, secret));
    assert.ok(!receiver.requests.some((r) => r.body.includes(SESSION_ID)));
  });
});
