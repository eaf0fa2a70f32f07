import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import {
  apiV1Guard,
  findPublicRoute,
  readV1Path,
  resolveRoutingPath,
} from '../../src/http/api-alias.js';
import { toErrorResponse } from '../../src/http/errors.js';

describe('findPublicRoute()', () => {
  it('findPublicRoute() matches the method and every segment of a listed route', () => {
    const cases: Array<[string, string, string | undefined]> = [
      ['GET', '/projects', '/projects'],
      ['HEAD', '/projects', '/projects'],
      ['get', '/bridges/br-x', '/bridges/:id'],
      ['DELETE', '/bridges/br-x', '/bridges/:id'],
      ['POST', '/projects/app/start', '/projects/:name/start'],
      ['GET', '/projects/app/usage', '/projects/:name/usage'],
      ['POST', '/projects', undefined],
      ['GET', '/projects/app/start', undefined],
      ['POST', '/bridges/br-x', undefined],
      ['GET', '/bridges/br-x/qr', undefined],
      ['GET', '/bridges/', undefined],
      ['GET', '/bridges//stop', undefined],
      ['GET', '/config', undefined],
      ['GET', '/projectsx', undefined],
      ['GET', '', undefined],
    ];
    for (const [method, path, expected] of cases) {
      assert.equal(findPublicRoute(method, path)?.path, expected, `${method} ${path}`);
    }
  });
});

describe('readV1Path()', () => {
  it('readV1Path() gives the path below /api/v1/ and null for anything else', () => {
    assert.equal(readV1Path('/api/v1/projects'), '/projects');
    assert.equal(readV1Path('/api/v1/'), '/');
    assert.equal(readV1Path('/api/v1'), null);
    assert.equal(readV1Path('/api/v10/projects'), null);
    assert.equal(readV1Path('/api/projects'), null);
  });
});

describe('resolveRoutingPath()', () => {
  it('resolveRoutingPath() rewrites listed /api/v1 routes only', () => {
    const at = (path: string, method = 'GET') =>
      resolveRoutingPath(new Request(`http://127.0.0.1${path}`, { method }));
    assert.equal(at('/api/v1/bridges/br-x?x=1'), '/api/bridges/br-x');
    assert.equal(at('/api/v1/bridges/br-x', 'HEAD'), '/api/bridges/br-x');
    assert.equal(at('/api/v1/bridges/br-x/stop', 'POST'), '/api/bridges/br-x/stop');
    assert.equal(at('/api/v1/bridges/br-x/stop'), '/api/v1/bridges/br-x/stop');
    assert.equal(at('/api/v1/config'), '/api/v1/config');
    assert.equal(at('/api/projects'), '/api/projects');
    assert.equal(at('/healthz'), '/healthz');
  });
});

describe('apiV1Guard()', () => {
  // An app where a later-added route shadows the public pattern GET /api/bridges/:id.
  function shadowedApp(): Hono {
    const app = new Hono({ getPath: resolveRoutingPath });
    app.onError((error, c) => {
      const mapped = toErrorResponse(error);
      return c.json(mapped.body, 404);
    });
    app.use(apiV1Guard());
    app.get('/api/bridges/export', (c) => c.text('internal'));
    app.get('/api/bridges/:id', (c) => c.text(`bridge ${c.req.param('id')}`));
    return app;
  }

  it('apiV1Guard() refuses a rewritten request that a non-public route would answer', async () => {
    const app = shadowedApp();
    assert.equal(await (await app.request('/api/bridges/export')).text(), 'internal');
    const shadowed = await app.request('/api/v1/bridges/export');
    assert.equal(shadowed.status, 404);
    assert.deepEqual(await shadowed.json(), {
      error: { code: 'not-found', message: 'no such route' },
    });
    assert.equal(await (await app.request('/api/v1/bridges/br-x')).text(), 'bridge br-x');
    const head = await app.request('/api/v1/bridges/br-x', { method: 'HEAD' });
    assert.equal(head.status, 200);
  });
});
