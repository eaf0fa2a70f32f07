import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { describe, it } from 'node:test';
import { issueToken } from '../../src/auth/api-tokens.js';
import type { ResourceSampler } from '../../src/bridges/resource-sampler.js';
import { createApp } from '../../src/http/app.js';
import { PUBLIC_ROUTES } from '../../src/http/public-api.js';
import { createHarnessContext } from '../support/app-context.js';
import { createTestClock, passwordAuthConfig } from '../support/auth-app.js';
import { useBridgeHarnesses } from '../support/bridge-harness.js';

const createHarness = useBridgeHarnesses();

const EMPTY_SAMPLER: ResourceSampler = {
  watch: () => () => {},
  read: async () => ({}),
  peek: () => ({}),
  poll: async () => ({}),
  close: () => {},
};

/** A dashboard over the fake claude with password auth on and one API token. */
async function makeApp() {
  const h = await createHarness({ trusted: ['repo'] });
  const ctx = createHarnessContext(h, { auth: await passwordAuthConfig() });
  ctx.resources = EMPTY_SAMPLER;
  const issued = await issueToken(
    h.stateDir,
    { label: 'ci' },
    { fs: fsp, clock: createTestClock() },
  );
  assert.ok(issued.ok);
  const headers = { authorization: `Bearer ${issued.value.token}` };
  const app = createApp(ctx);
  const send = (method: string, path: string) => app.request(path, { method, headers });
  return { h, app, send };
}

async function readAnswer(response: Response): Promise<{ status: number; body: string }> {
  return { status: response.status, body: await response.text() };
}

// A concrete path for a table path: `:id` of a bridge and `:name` of a project.
function fillPath(path: string, values: { id: string; name: string }): string {
  return path.replace(':id', values.id).replace(':name', values.name);
}

describe('the /api/v1 alias', () => {
  it('PUBLIC_ROUTES each answer the same status and body under /api and /api/v1', async () => {
    const { h, send } = await makeApp();
    const started = await h.supervisor.start('repo', {});
    assert.ok(started.ok);
    await h.waitForStatus(started.value.id, 'running');
    // `app` is untrusted, so a start is refused the same way on both prefixes; `br-…` is
    // no bridge, so stop, restart and forget are refused without changing anything.
    const values = { id: 'br-aaaaaaaaaaaa', name: 'app' };
    const reads = { id: started.value.id, name: 'repo' };
    for (const route of PUBLIC_ROUTES) {
      const path = fillPath(route.path, route.method === 'GET' ? reads : values);
      const internal = await readAnswer(await send(route.method, `/api${path}`));
      const v1 = await readAnswer(await send(route.method, `/api/v1${path}`));
      const label = `${route.method} ${route.path}`;
      assert.deepEqual(v1, internal, label);
      assert.doesNotMatch(v1.body, /no such route/, `${label} reached its handler`);
      const expected = route.method === 'GET' ? 200 : route.method === 'POST' ? [409, 404] : [404];
      if (Array.isArray(expected)) assert.ok(expected.includes(v1.status), label);
      else assert.equal(v1.status, expected, `${label}: ${v1.body}`);
    }
    await h.supervisor.stop(started.value.id);
  });

  it('PUBLIC_ROUTES start, stop, restart and forget a bridge under /api/v1', async () => {
    const { h, send } = await makeApp();
    const start = await send('POST', '/api/v1/projects/repo/start');
    assert.equal(start.status, 201);
    const { bridge } = (await start.json()) as { bridge: { id: string } };
    await h.waitForStatus(bridge.id, 'running');
    assert.equal((await send('POST', `/api/v1/bridges/${bridge.id}/stop`)).status, 200);
    const restart = await send('POST', `/api/v1/bridges/${bridge.id}/restart`);
    assert.equal(restart.status, 201);
    const next = ((await restart.json()) as { bridge: { id: string } }).bridge.id;
    assert.notEqual(next, bridge.id);
    assert.equal((await send('DELETE', `/api/v1/bridges/${bridge.id}`)).status, 204);
    assert.equal((await send('GET', `/api/v1/bridges/${bridge.id}`)).status, 404);
    assert.equal((await send('POST', `/api/v1/bridges/${next}/stop`)).status, 200);
  });

  it('the /api/v1 alias answers the normal JSON 404 for everything it does not list', async () => {
    const { send } = await makeApp();
    const unknown = await readAnswer(await send('GET', '/api/no-such-route'));
    assert.equal(unknown.status, 404);
    const cases: Array<[string, string]> = [
      ['GET', '/api/v1'],
      ['GET', '/api/v1/'],
      ['GET', '/api/v1/config'],
      ['GET', '/api/v1/session'],
      ['GET', '/api/v1/doctor'],
      ['GET', '/api/v1/environments'],
      ['GET', '/api/v1/projects/repo/claude-md'],
      ['GET', '/api/v1/projects/repo/transcripts'],
      ['GET', '/api/v1/bridges/br-aaaaaaaaaaaa/qr'],
      ['POST', '/api/v1/projects/repo/trust'],
      ['POST', '/api/v1/projects/trust-all'],
      ['GET', '/api/v1/projects/repo/start'],
      ['PUT', '/api/v1/bridges'],
      ['GET', '/api/v1/v1/projects'],
      ['GET', '/api/v1/projects/'],
      ['GET', '/api/v1//projects'],
    ];
    for (const [method, path] of cases) {
      const answer = await readAnswer(await send(method, path));
      assert.deepEqual(answer, unknown, `${method} ${path}`);
    }
  });

  it('the /api/v1 alias needs a credential like /api (401 before any 404)', async () => {
    const { app } = await makeApp();
    for (const path of [
      '/api/v1/projects',
      '/api/v1/bridges',
      '/api/v1/widget',
      '/api/v1/config',
    ]) {
      const response = await app.request(path);
      assert.equal(response.status, 401, path);
      assert.equal(response.headers.get('location'), null);
      const body = (await response.json()) as { error: { code: string } };
      assert.equal(body.error.code, 'unauthenticated');
    }
    const bad = await app.request('/api/v1/projects', {
      headers: { authorization: `Bearer clauster_pat_${'FAKE'.repeat(11)}` },
    });
    assert.equal(bad.status, 401);
  });

  it('PUBLIC_ROUTES are each an /api route of the app, with the same method', async () => {
    const { app } = await makeApp();
    const routes = new Set(app.routes.map((r) => `${r.method} ${r.path}`));
    for (const route of PUBLIC_ROUTES) {
      assert.ok(routes.has(`${route.method} /api${route.path}`), `${route.method} ${route.path}`);
    }
  });
});
