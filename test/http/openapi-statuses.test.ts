// The statuses /openapi.json documents are the ones the middleware and handlers really
// answer: each case provokes the answer under /api/v1 and looks it up in the document.
import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { issueToken } from '../../src/auth/api-tokens.js';
import { BEARER_THROTTLE_DEFAULTS } from '../../src/auth/login-throttle.js';
import { createApp } from '../../src/http/app.js';
import { API_BODY_LIMIT } from '../../src/http/middleware/body-limit.js';
import { buildOpenApiDocument, toOpenApiPath } from '../../src/http/openapi-document.js';
import { PUBLIC_ROUTES, type PublicRoute } from '../../src/http/public-api.js';
import { REQUEST_RATE_DEFAULTS } from '../../src/security/rate-limit.js';
import { createHarnessContext } from '../support/app-context.js';
import { createTestClock, passwordAuthConfig } from '../support/auth-app.js';
import { useBridgeHarnesses } from '../support/bridge-harness.js';

const createHarness = useBridgeHarnesses();

type Responses = Record<string, { description: string }>;
type Document = { paths: Record<string, Record<string, { responses: Responses }>> };

const DOCUMENT = buildOpenApiDocument({
  version: '0.0.0-test',
  rootPath: '',
  cookieName: 'c',
}) as unknown as Document;

/** The documented responses of `route`. */
function documented(route: PublicRoute): Responses {
  const operation = DOCUMENT.paths[toOpenApiPath(route.path)]?.[route.method.toLowerCase()];
  assert.ok(operation, route.operationId);
  return operation.responses;
}

function findRoute(operationId: string): PublicRoute {
  const route = PUBLIC_ROUTES.find((r) => r.operationId === operationId);
  assert.ok(route, operationId);
  return route;
}

async function makeApp() {
  const h = await createHarness({ trusted: ['repo'] });
  const ctx = createHarnessContext(h, { auth: await passwordAuthConfig() });
  const clock = createTestClock();
  const issued = await issueToken(h.stateDir, { label: 'ci' }, { fs: fsp, clock });
  assert.ok(issued.ok);
  const authorization = `Bearer ${issued.value.token}`;
  const app = createApp(ctx);
  const send = (method: string, path: string, init: RequestInit = {}) =>
    app.request(path, { ...init, method, headers: { authorization, ...init.headers } });
  return { h, send };
}

async function readCode(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

describe('the statuses /openapi.json documents', () => {
  it('every POST and DELETE answers and documents 413 and 415, body schema or not', async () => {
    const { send } = await makeApp();
    const writes = PUBLIC_ROUTES.filter((route) => route.method !== 'GET');
    assert.ok(
      writes.some((route) => route.body === undefined),
      'a write without a body schema',
    );
    for (const route of writes) {
      const path = `/api/v1${route.path.replace(':id', 'br-aaaaaaaaaaaa').replace(':name', 'app')}`;
      const label = `${route.method} ${route.path}`;
      const text = await send(route.method, path, {
        headers: { 'content-type': 'text/plain' },
        body: 'x',
      });
      assert.equal(text.status, 415, label);
      const large = await send(route.method, path, {
        headers: { 'content-type': 'application/json', 'content-length': `${API_BODY_LIMIT + 1}` },
      });
      assert.equal(large.status, 413, label);
      assert.ok(documented(route)['413'] && documented(route)['415'], label);
    }
  });

  it('a refused Host header is a 403 the document names', async () => {
    const { send } = await makeApp();
    const response = await send('GET', '/api/v1/widget', { headers: { host: 'rebind.evil.test' } });
    assert.equal(response.status, 403);
    assert.equal(await readCode(response), 'bad-host');
    for (const route of PUBLIC_ROUTES) {
      assert.match(documented(route)['403']?.description ?? '', /Host header/, route.operationId);
    }
  });

  it('every write refuses an unknown body field with a 422 the document names', async () => {
    const { h, send } = await makeApp();
    const writes = PUBLIC_ROUTES.filter((route) => route.method === 'POST');
    const started = await h.supervisor.start('repo', {});
    assert.ok(started.ok);
    for (const route of writes) {
      const path = `/api/v1${route.path.replace(':id', started.value.id).replace(':name', 'repo')}`;
      const response = await send(route.method, path, {
        headers: { 'content-type': 'application/json' },
        body: '{"bogus":1}',
      });
      assert.equal(response.status, 422, route.operationId);
      assert.equal(await readCode(response), 'invalid-option', route.operationId);
      assert.ok(documented(route)['422'], route.operationId);
    }
    await h.supervisor.stop(started.value.id);
  });

  it('the 429 text names both throttles: per credential and failed bearer tokens per client IP', () => {
    for (const route of PUBLIC_ROUTES) {
      const described = documented(route)['429']?.description ?? '';
      assert.match(described, /for this credential/, route.operationId);
      assert.match(described, /failed tokens in 300 s from this client IP/, route.operationId);
    }
  });

  it("the 429 text states the limiters' own numbers", () => {
    const rate = REQUEST_RATE_DEFAULTS;
    const bearer = BEARER_THROTTLE_DEFAULTS;
    const expected = [
      `over ${rate.ratePerSecond} a second (bursts of ${rate.burst})`,
      `over ${bearer.perKeyLimit} failed tokens in ${bearer.perKeyWindowSeconds} s`,
      `or ${bearer.globalLimit} in ${bearer.globalWindowSeconds} s overall`,
    ];
    for (const route of PUBLIC_ROUTES) {
      const described = documented(route)['429']?.description ?? '';
      for (const part of expected)
        assert.ok(described.includes(part), `${route.operationId}: ${part}`);
    }
  });

  it('start, restart and adopt document the 409 of an unreadable ~/.claude.json', async () => {
    const { h, send } = await makeApp();
    const started = await h.supervisor.start('repo', {});
    assert.ok(started.ok);
    await h.waitForStatus(started.value.id, 'running');
    assert.ok((await h.supervisor.stop(started.value.id)).ok);
    await fsp.writeFile(join(h.home, '.claude.json'), '{"projects": not json');
    const cases: Array<[string, string]> = [
      ['startBridge', '/api/v1/projects/repo/start'],
      ['restartBridge', `/api/v1/bridges/${started.value.id}/restart`],
      ['adoptBridge', '/api/v1/projects/repo/adopt'],
    ];
    for (const [operationId, path] of cases) {
      const response = await send('POST', path);
      assert.equal(response.status, 409, operationId);
      assert.equal(await readCode(response), 'claude-config-invalid', operationId);
      const described = documented(findRoute(operationId))['409']?.description ?? '';
      assert.match(described, /~\/\.claude\.json .*\(claude-config-invalid\)/, operationId);
    }
  });

  it('restartBridge documents the 404 of a bridge whose project is gone', async () => {
    const { h, send } = await makeApp();
    const started = await h.supervisor.start('repo', {});
    assert.ok(started.ok);
    await h.waitForStatus(started.value.id, 'running');
    const stopped = await h.supervisor.stop(started.value.id);
    assert.ok(stopped.ok);
    await fsp.rm(h.repo, { recursive: true, force: true });
    const response = await send('POST', `/api/v1/bridges/${started.value.id}/restart`);
    assert.equal(response.status, 404);
    assert.equal(await readCode(response), 'unknown-project');
    const described = documented(findRoute('restartBridge'))['404']?.description ?? '';
    assert.match(described, /unknown-project/);
  });
});
