import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { describe, it } from 'node:test';
import { issueToken } from '../../src/auth/api-tokens.js';
import { buildSessionCookieName } from '../../src/auth/sessions.js';
import { buildOpenApiDocument, toOpenApiPath } from '../../src/http/openapi-document.js';
import { PUBLIC_ROUTES } from '../../src/http/public-api.js';
import { createAuthApp, passwordAuthConfig } from '../support/auth-app.js';
import { useTempDir } from '../support/temp.js';

const dir = useTempDir();

type Operation = {
  operationId: string;
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content: { 'application/json': { schema: Record<string, unknown> } } };
  responses: Record<string, unknown>;
};
type OpenApi = {
  openapi: string;
  info: { version: string };
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, Record<string, string>> };
};

/** An app with password auth on, `config` merged in, and one API token. */
async function openapiApp(config: Record<string, unknown> = {}) {
  const auth = await passwordAuthConfig();
  const built = createAuthApp({ stateDir: dir.path, config: { ...config, auth } });
  const issued = await issueToken(dir.path, { label: 'ci' }, { fs: fsp, clock: built.clock });
  assert.ok(issued.ok);
  const headers = { authorization: `Bearer ${issued.value.token}` };
  return { ...built, get: (path: string) => built.app.request(path, { headers }) };
}

async function readDocument(response: Response): Promise<OpenApi> {
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  return (await response.json()) as OpenApi;
}

describe('openapiRoutes()', () => {
  it('openapiRoutes() answers 404 for /openapi.json and /docs while api.openapi_enabled is false', async () => {
    const { get } = await openapiApp();
    for (const path of ['/openapi.json', '/docs']) {
      const response = await get(path);
      assert.equal(response.status, 404, path);
      assert.deepEqual(await response.json(), {
        error: { code: 'not-found', message: 'no such route' },
      });
    }
  });

  it('openapiRoutes() answers 401 JSON without a credential, never a redirect', async () => {
    const { app } = await openapiApp({ api: { openapi_enabled: true } });
    for (const path of ['/openapi.json', '/docs']) {
      const response = await app.request(path, { headers: { accept: 'text/html' } });
      assert.equal(response.status, 401, path);
      assert.equal(response.headers.get('location'), null);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      assert.equal(
        ((await response.json()) as { error: { code: string } }).error.code,
        'unauthenticated',
      );
    }
  });

  it('openapiRoutes() serves the OpenAPI 3.1 document of the v1 routes to a caller', async () => {
    const { get, ctx } = await openapiApp({ api: { openapi_enabled: true } });
    const doc = await readDocument(await get('/openapi.json'));
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.info.version, ctx.version);
    assert.deepEqual(doc.servers, [{ url: '/api/v1' }]);
    assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), [
      'bearerToken',
      'sessionCookie',
    ]);
    assert.equal(doc.components.securitySchemes.bearerToken?.scheme, 'bearer');
    const cookie = doc.components.securitySchemes.sessionCookie;
    assert.deepEqual(
      [cookie?.in, cookie?.name],
      ['cookie', buildSessionCookieName(dir.path, false)],
    );
    // The same bytes again: built once per app.
    const again = await (await get('/openapi.json')).text();
    assert.equal(again, JSON.stringify(doc));
  });

  it('openapiRoutes() lists exactly the table routes, and each is a route of the app', async () => {
    const { get, app } = await openapiApp({ api: { openapi_enabled: true } });
    const doc = await readDocument(await get('/openapi.json'));
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const listed = PUBLIC_ROUTES.map((r) => `${r.method} ${toOpenApiPath(r.path)}`);
    assert.deepEqual(documented.sort(), listed.sort());
    const appRoutes = new Set(app.routes.map((r) => `${r.method} ${toOpenApiPath(r.path)}`));
    for (const entry of documented) {
      const [method, path] = entry.split(' ');
      assert.ok(appRoutes.has(`${method} /api${path}`), entry);
    }
  });

  it('openapiRoutes() describes every request body, path parameter and status of the table', async () => {
    const { get } = await openapiApp({ api: { openapi_enabled: true } });
    const doc = await readDocument(await get('/openapi.json'));
    for (const route of PUBLIC_ROUTES) {
      const op = doc.paths[toOpenApiPath(route.path)]?.[route.method.toLowerCase()];
      assert.ok(op, route.operationId);
      const schema = op.requestBody?.content['application/json'].schema;
      assert.equal(schema !== undefined, route.body !== undefined, route.operationId);
      if (schema !== undefined) {
        assert.equal(schema.type, 'object');
        assert.equal(schema.$schema, undefined);
        assert.ok(Object.keys(schema.properties as object).includes('confirm'));
        // The routes refuse unknown fields, and the document says so.
        assert.equal(schema.additionalProperties, false, route.operationId);
      }
      const params = (op.parameters ?? []).map((p) => `${p.in}:${p.name}`);
      const expected = [...route.path.matchAll(/:(\w+)/g)].map((m) => `path:${m[1]}`);
      assert.deepEqual(params, expected, route.operationId);
      for (const status of [...Object.keys(route.statuses), '401', '403', '429']) {
        assert.ok(op.responses[status], `${route.operationId} ${status}`);
      }
      // A status the route and the middleware both give keeps the route's own text too.
      for (const [status, text] of Object.entries(route.statuses)) {
        const response = op.responses[status] as { description?: string } | undefined;
        const description = String(response?.description);
        assert.ok(description.startsWith(text), `${route.operationId} ${status}`);
      }
    }
    const start = doc.paths['/projects/{name}/start']?.post?.requestBody;
    const fields = start?.content['application/json'].schema.properties as Record<string, object>;
    assert.deepEqual(Object.keys(fields).sort(), [
      'capacity',
      'confirm',
      'name',
      'permission_mode',
      'spawn_mode',
    ]);
  });

  it('openapiRoutes() puts root_path in front of the server URL', async () => {
    const { get } = await openapiApp({
      root_path: '/tools/clauster',
      api: { openapi_enabled: true },
    });
    const doc = await readDocument(await get('/openapi.json'));
    assert.deepEqual(doc.servers, [{ url: '/tools/clauster/api/v1' }]);
  });
});

describe('buildOpenApiDocument()', () => {
  it('buildOpenApiDocument() follows the routes it is given', () => {
    const doc = buildOpenApiDocument({ version: '9.9.9', rootPath: '', cookieName: 'c' }, [
      {
        method: 'GET',
        path: '/things/:a/:b',
        operationId: 'x',
        summary: 's',
        statuses: { 204: 'ok' },
      },
    ]) as unknown as OpenApi;
    assert.deepEqual(Object.keys(doc.paths), ['/things/{a}/{b}']);
    const op = doc.paths['/things/{a}/{b}']?.get;
    assert.deepEqual(
      op?.parameters?.map((p) => p.name),
      ['a', 'b'],
    );
    assert.deepEqual(op?.responses['204'], { description: 'ok' });
  });
});
