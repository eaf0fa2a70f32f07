// POST /api/projects/{name}/stop: the project's live bridge, else its pending autostart retry,
// else 409 nothing-to-stop (the supervisor's side is test/bridges/supervisor-project-stop).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApp } from '../../../src/http/app.js';
import { createHarnessContext } from '../../support/app-context.js';
import { useBridgeHarnesses } from '../../support/bridge-harness.js';

const ORIGIN = 'http://127.0.0.1:7621';
const POST: RequestInit = { method: 'POST', headers: { origin: ORIGIN } };
const createHarness = useBridgeHarnesses();

type Answer = {
  bridge?: { id: string; status: string } | null;
  autostart_cancelled?: boolean;
  error?: { code: string; message: string };
};

describe('POST /api/projects/{name}/stop', () => {
  it("stops the project's live bridge, then answers 409 nothing-to-stop", async () => {
    const h = await createHarness();
    const app = createApp(createHarnessContext(h));
    const started = await h.supervisor.start('app', {});
    assert.ok(started.ok);
    await h.waitForStatus(started.value.id, 'running');

    const stopped = await app.request('/api/projects/app/stop', POST);
    assert.equal(stopped.status, 200);
    const body = (await stopped.json()) as Answer;
    assert.equal(body.bridge?.id, started.value.id);
    assert.equal(body.bridge?.status, 'stopped');
    assert.equal(body.autostart_cancelled, false);

    const again = await app.request('/api/projects/app/stop', POST);
    assert.equal(again.status, 409);
    const refused = (await again.json()) as Answer;
    assert.equal(refused.error?.code, 'nothing-to-stop');
    assert.match(
      refused.error?.message ?? '',
      /"app" has no live bridge and no pending autostart retry/,
    );
  });

  it('refuses a body field without stopping anything', async () => {
    const h = await createHarness();
    const app = createApp(createHarnessContext(h));
    const started = await h.supervisor.start('app', {});
    assert.ok(started.ok);
    await h.waitForStatus(started.value.id, 'running');
    const init = { ...POST, headers: { origin: ORIGIN, 'content-type': 'application/json' } };
    const refused = await app.request('/api/projects/app/stop', {
      ...init,
      body: JSON.stringify({ force: true }),
    });
    assert.equal(refused.status, 422);
    assert.equal(h.supervisor.findLive('app')?.id, started.value.id, 'still running');
    await h.supervisor.stop(started.value.id);
  });

  it('DELETE /api/projects/{name}/autostart-retry refuses a body field and answers false with nothing pending', async () => {
    const h = await createHarness();
    const app = createApp(createHarnessContext(h));
    const headers = { origin: ORIGIN, 'content-type': 'application/json' };
    const refused = await app.request('/api/projects/app/autostart-retry', {
      method: 'DELETE',
      headers,
      body: JSON.stringify({ force: true }),
    });
    assert.equal(refused.status, 422);
    const none = await app.request('/api/projects/app/autostart-retry', {
      method: 'DELETE',
      headers: { origin: ORIGIN },
    });
    assert.equal(none.status, 200);
    assert.deepEqual(await none.json(), { autostart_cancelled: false });
  });
});
