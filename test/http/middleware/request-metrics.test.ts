import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { createEventBus } from '../../../src/events/bus.js';
import { requestMetrics } from '../../../src/http/middleware/request-metrics.js';
import { createMetrics, type Metrics } from '../../../src/system/metrics.js';

function buildApp(metrics: Metrics | undefined): Hono {
  const app = new Hono();
  app.use(requestMetrics(() => metrics));
  const sub = new Hono();
  sub.get('/api/bridges/:id', (c) => c.json({ id: c.req.param('id') }));
  sub.post('/api/fail', () => {
    throw new Error('boom');
  });
  app.route('/', sub);
  app.onError((_error, c) => c.json({ error: 'internal' }, 500));
  return app;
}

describe('requestMetrics()', () => {
  it('requestMetrics() labels latency with the route pattern, never the raw path', async () => {
    const metrics = createMetrics(
      createEventBus(),
      { bridgeStatuses: () => [], webSocketClients: () => 0 },
      '0.0.0-test',
    );
    const app = buildApp(metrics);
    await app.request('/api/bridges/br-abcdefghijkl');
    await app.request('/api/bridges/br-mnopqrstuvwx');
    await app.request('/api/fail', { method: 'POST' });
    await app.request('/nowhere/br-abcdefghijkl');
    const text = await metrics.render();
    assert.match(
      text,
      /^clauster_http_request_duration_seconds_count\{route="\/api\/bridges\/:id",method="GET",status="200"\} 2$/m,
    );
    assert.match(
      text,
      /^clauster_http_request_duration_seconds_count\{route="\/api\/fail",method="POST",status="500"\} 1$/m,
    );
    assert.match(text, /route="\/\*",method="GET",status="404"\} 1$/m);
    assert.doesNotMatch(text, /br-[a-z2-7]{12}/);
  });

  it('requestMetrics() passes requests through untouched when metrics are off', async () => {
    const response = await buildApp(undefined).request('/api/bridges/br-abcdefghijkl');
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { id: 'br-abcdefghijkl' });
  });
});
