import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { after, describe, it } from 'node:test';
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

/**
 * A dashboard over the fake claude with password auth on and one API token; without
 * `projects_root` neither the config nor the supervisor has one (as in server.ts).
 */
async function makeApp(options: { projectsRoot?: boolean } = {}) {
  const h = await createHarness({ trusted: ['repo'] });
  const withRoot = options.projectsRoot ?? true;
  const raw = withRoot ? {} : { projects_root: undefined };
  const ctx = createHarnessContext(h, { ...raw, auth: await passwordAuthConfig() });
  if (!withRoot) {
    const supervisor = h.createSupervisor({ discovery: { projectsRoot: undefined } });
    after(() => supervisor.close());
    ctx.supervisor = supervisor;
  }
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

// What every route may answer besides its own statuses: the auth gate (401/403/429) and, on
// writes, the body checks (413/415), whatever the route does with its body.
const COMMON = [401, 403, 429];
const WRITE_BODY = [413, 415];

/** Sends every public route under both prefixes and checks the one status expected of it. */
async function checkBothPrefixes(
  send: (method: string, path: string) => Response | Promise<Response>,
  values: { reads: { id: string; name: string }; writes: { id: string; name: string } },
  expected: Readonly<Record<string, number>>,
): Promise<void> {
  for (const route of PUBLIC_ROUTES) {
    const path = fillPath(route.path, route.method === 'GET' ? values.reads : values.writes);
    const internal = await readAnswer(await send(route.method, `/api${path}`));
    const v1 = await readAnswer(await send(route.method, `/api/v1${path}`));
    const label = `${route.method} ${route.path}`;
    assert.deepEqual(v1, internal, label);
    assert.doesNotMatch(v1.body, /no such route/, `${label} reached its handler`);
    assert.equal(v1.status, expected[route.operationId], `${label}: ${v1.body}`);
    const listed = [...Object.keys(route.statuses).map(Number), ...COMMON];
    if (route.method !== 'GET') listed.push(...WRITE_BODY);
    assert.ok(listed.includes(v1.status), `${label}: ${v1.status} is not a documented status`);
  }
}

// Reads find what they ask for; `app` is untrusted (start 409); `br-…` is no bridge.
const ANSWERS_WITH_ROOT: Readonly<Record<string, number>> = {
  listProjects: 200,
  listBridges: 200,
  getBridge: 200,
  startBridge: 409,
  adoptBridge: 409,
  stopBridge: 404,
  stopProject: 409,
  cancelAutostartRetry: 200,
  restartBridge: 404,
  forgetBridge: 404,
  getProjectUsage: 200,
  listBridgeMetrics: 200,
  getProjectMetrics: 200,
  getWidget: 200,
};

// Without projects_root every project lookup is a 409; the bridge routes do not need one.
const ANSWERS_WITHOUT_ROOT: Readonly<Record<string, number>> = {
  ...ANSWERS_WITH_ROOT,
  listProjects: 409,
  getBridge: 404,
  getProjectUsage: 409,
  getProjectMetrics: 409,
};

describe('the /api/v1 alias', () => {
  it('PUBLIC_ROUTES each answer the same status and body under /api and /api/v1', async () => {
    const { h, send } = await makeApp();
    const started = await h.supervisor.start('repo', {});
    assert.ok(started.ok);
    await h.waitForStatus(started.value.id, 'running');
    // `app` is untrusted, so a start is refused the same way on both prefixes; `br-…` is
    // no bridge, so stop, restart and forget are refused without changing anything (and `app`
    // has nothing to stop).
    const writes = { id: 'br-aaaaaaaaaaaa', name: 'app' };
    const reads = { id: started.value.id, name: 'repo' };
    await checkBothPrefixes(send, { reads, writes }, ANSWERS_WITH_ROOT);
    await h.supervisor.stop(started.value.id);
  });

  it('PUBLIC_ROUTES answer their listed 409s under /api and /api/v1 without projects_root', async () => {
    const { send } = await makeApp({ projectsRoot: false });
    const values = { id: 'br-aaaaaaaaaaaa', name: 'repo' };
    await checkBothPrefixes(send, { reads: values, writes: values }, ANSWERS_WITHOUT_ROOT);
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
