import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApp } from '../../../src/http/app.js';
import { createHarnessContext } from '../../support/app-context.js';
import { useBridgeHarnesses } from '../../support/bridge-harness.js';

const ORIGIN = 'http://127.0.0.1:7621';
const createHarness = useBridgeHarnesses();

async function makeApp(options: Parameters<typeof createHarness>[0] = {}) {
  const h = await createHarness(options);
  const ctx = createHarnessContext(h);
  return { h, ctx, app: createApp(ctx) };
}

function postJson(body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

type Shown = { bridge: Record<string, unknown> & { id: string }; error?: { code: string } };

const POST: RequestInit = { method: 'POST', headers: { origin: ORIGIN } };
const DELETE: RequestInit = { method: 'DELETE', headers: { origin: ORIGIN } };

describe('bridgesRoutes()', () => {
  it('bridgesRoutes() lists, shows, draws the QR, stops and forgets a bridge', async () => {
    // Registration held 3 s, so the QR is asked for before the URL is known even when the
    // start itself is slow (a loaded machine: the fake printed its URL first once).
    const { app, h } = await makeApp({ knobs: { FAKE_CLAUDE_REGISTER_DELAY_MS: '3000' } });
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
      'adopted',
      'advice',
      'capacity',
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
    const body = (await again.json()) as { autostart_cancelled: unknown };
    assert.equal(body.autostart_cancelled, false, 'no autostart retry was pending');

    const forgotten = await app.request(`/api/bridges/${id}`, DELETE);
    assert.equal(forgotten.status, 204);
    assert.equal((await app.request(`/api/bridges/${id}`)).status, 404);
  });

  it('bridgesRoutes() restarts a stopped bridge with its options, once, through the start checks', async () => {
    const { app, h, ctx } = await makeApp();
    const options = { permission_mode: 'plan', spawn_mode: 'same-dir', name: 'Phone', capacity: 4 };
    const first = await h.supervisor.start('app', options);
    assert.ok(first.ok);
    assert.equal(first.value.capacity, 4);
    const live = await app.request(`/api/bridges/${first.value.id}/restart`, POST);
    assert.equal(live.status, 409, 'a live bridge is not started twice');
    assert.equal(((await live.json()) as Shown).error?.code, 'already-running');
    await h.supervisor.stop(first.value.id);

    const res = await app.request(`/api/bridges/${first.value.id}/restart`, POST);
    assert.equal(res.status, 201);
    const { bridge } = (await res.json()) as Shown;
    assert.notEqual(bridge.id, first.value.id);
    assert.deepEqual(
      [bridge.permission_mode, bridge.spawn_mode, bridge.name, bridge.capacity],
      ['plan', 'same-dir', 'Phone', 4],
    );
    assert.deepEqual(
      ctx.auditEntries.filter((e) => e.action === 'bridge.restart'),
      [{ action: 'bridge.restart', project: 'app', from: first.value.id, bridge_id: bridge.id }],
    );
    const again = await app.request(`/api/bridges/${first.value.id}/restart`, POST);
    assert.equal(again.status, 409);
    assert.equal(h.supervisor.list().length, 2);
    await h.supervisor.stop(bridge.id);
  });

  it('bridgesRoutes() restarts bypassPermissions only with the typed confirmation again', async () => {
    const { h } = await makeApp();
    const settings = { app: { allow_bypass_permissions: true } };
    const supervisor = h.createSupervisor({
      discovery: { projectsRoot: h.projectsRoot, settings },
    });
    const routes = createApp({ ...createHarnessContext(h), supervisor });
    const confirm = 'bypassPermissions';
    const first = await supervisor.start('app', { permission_mode: confirm, confirm });
    assert.ok(first.ok);
    await supervisor.stop(first.value.id);
    const path = `/api/bridges/${first.value.id}/restart`;
    const refusals: Array<[RequestInit, number, string]> = [
      [POST, 403, 'bypass-refused'],
      [postJson({ confirm: 'yes' }), 422, 'invalid-option'],
    ];
    for (const [init, status, code] of refusals) {
      const refused = await routes.request(path, init);
      assert.equal(refused.status, status);
      assert.equal(((await refused.json()) as Shown).error?.code, code);
      assert.equal(supervisor.list().length, 1, 'nothing started');
    }
    const res = await routes.request(path, postJson({ confirm }));
    assert.equal(res.status, 201);
    const { bridge } = (await res.json()) as Shown;
    assert.equal(bridge.permission_mode, confirm);
    await supervisor.stop(bridge.id);
    await supervisor.close();
  });

  for (const id of ['br-aaaaaaaaaaaa', 'nope', '..', 'br-AAAAAAAAAAAA']) {
    it(`bridgesRoutes() answers 404 unknown-bridge for ${id}`, async () => {
      const { app } = await makeApp();
      for (const [path, init] of [
        [`/api/bridges/${id}`, {}],
        [`/api/bridges/${id}/stop`, POST],
        [`/api/bridges/${id}/restart`, POST],
        [`/api/bridges/${id}/qr`, {}],
        [`/api/bridges/${id}`, DELETE],
      ] as const) {
        const res = await app.request(path, init);
        // The URL parser resolves `..`: /api/bridges/../restart is POST /api/restart (the
        // dashboard restart, refused 409 by this context, which cannot restart), never a bridge.
        assert.equal(res.status, path === '/api/bridges/../restart' ? 409 : 404, path);
      }
    });
  }
});
