import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApp } from '../../../src/http/app.js';
import { createHarnessContext } from '../../support/app-context.js';
import { useBridgeHarnesses } from '../../support/bridge-harness.js';

const ORIGIN = 'http://127.0.0.1:7621';
const createHarness = useBridgeHarnesses();

async function makeApp() {
  const h = await createHarness();
  return { h, app: createApp(createHarnessContext(h)) };
}

const POST: RequestInit = { method: 'POST', headers: { origin: ORIGIN } };
const DELETE: RequestInit = { method: 'DELETE', headers: { origin: ORIGIN } };

describe('bridgesRoutes()', () => {
  it('bridgesRoutes() lists, shows, draws the QR, stops and forgets a bridge', async () => {
    const { app, h } = await makeApp();
    const started = await h.supervisor.start('app', {});
    assert.ok(started.ok);
    const id = started.value.id;

    const noUrl = await app.request(`/api/bridges/${id}/qr`);
    assert.equal(noUrl.status, 409);
    assert.equal(((await noUrl.json()) as { error: { code: string } }).error.code, 'no-url');

    await h.waitForStatus(id, 'running');
    const list = (await (await app.request('/api/bridges')).json()) as {
      bridges: Array<Record<string, unknown>>;
    };
    assert.equal(list.bridges.length, 1);
    const bridge = list.bridges[0] as Record<string, unknown>;
    assert.deepEqual(Object.keys(bridge).sort(), [
      'id',
      'name',
      'permission_mode',
      'pid',
      'project',
      'reason',
      'spawn_mode',
      'started_at',
      'status',
      'stopped_at',
      'url',
    ]);
    const one = await app.request(`/api/bridges/${id}`);
    assert.equal(((await one.json()) as { bridge: { id: string } }).bridge.id, id);

    const qr = await app.request(`/api/bridges/${id}/qr`);
    assert.equal(qr.status, 200);
    assert.equal(qr.headers.get('content-type'), 'image/svg+xml');
    assert.equal(qr.headers.get('cache-control'), 'no-store');
    assert.match(await qr.text(), /^<svg[\s\S]*<\/svg>\s*$/);

    const live = await app.request(`/api/bridges/${id}`, DELETE);
    assert.equal(live.status, 409);
    assert.equal(((await live.json()) as { error: { code: string } }).error.code, 'bridge-live');

    const stopped = await app.request(`/api/bridges/${id}/stop`, POST);
    assert.equal(stopped.status, 200);
    assert.equal(
      ((await stopped.json()) as { bridge: { status: string } }).bridge.status,
      'stopped',
    );
    const again = await app.request(`/api/bridges/${id}/stop`, POST);
    assert.equal(again.status, 200, 'stopping a stopped bridge is idempotent');

    const forgotten = await app.request(`/api/bridges/${id}`, DELETE);
    assert.equal(forgotten.status, 204);
    assert.equal((await app.request(`/api/bridges/${id}`)).status, 404);
  });

  for (const id of ['br-aaaaaaaaaaaa', 'nope', '..', 'br-AAAAAAAAAAAA']) {
    it(`bridgesRoutes() answers 404 unknown-bridge for ${id}`, async () => {
      const { app } = await makeApp();
      for (const [path, init] of [
        [`/api/bridges/${id}`, {}],
        [`/api/bridges/${id}/stop`, POST],
        [`/api/bridges/${id}/qr`, {}],
        [`/api/bridges/${id}`, DELETE],
      ] as const) {
        const res = await app.request(path, init);
        assert.equal(res.status, 404, path);
      }
    });
  }
});
