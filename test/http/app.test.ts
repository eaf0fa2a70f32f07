import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildApp, createApp } from '../../src/http/app.js';
import { HttpError } from '../../src/http/errors.js';
import { createTestContext } from '../support/app-context.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();

describe('createApp()', () => {
  it('createApp() answers GET /healthz with status ok', async () => {
    const response = await createApp(createTestContext({ home: home.path })).request('/healthz');
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { status: string }).status, 'ok');
  });

  it('createApp() answers unknown routes with a JSON 404', async () => {
    const response = await createApp(createTestContext({ home: home.path })).request(
      '/no/such/route',
    );
    assert.equal(response.status, 404);
    assert.match(response.headers.get('content-type') ?? '', /application\/json/);
    assert.deepEqual(await response.json(), {
      error: { code: 'not-found', message: 'no such route' },
    });
  });

  it('createApp() maps thrown errors once and never echoes 5xx input', async () => {
    const { app } = buildApp(createTestContext({ home: home.path }));
    app.get('/t/conflict', () => {
      throw new HttpError('already-running', 'bridge is running');
    });
    app.get('/t/boom', (c) => {
      throw new Error(`failed on ${c.req.query('q')}`);
    });
    const conflict = await app.request('/t/conflict');
    assert.equal(conflict.status, 409);
    assert.deepEqual(await conflict.json(), {
      error: { code: 'already-running', message: 'bridge is running' },
    });
    const boom = await app.request('/t/boom?q=INPUT-MARKER');
    assert.equal(boom.status, 500);
    const text = await boom.text();
    assert.equal(text.includes('INPUT-MARKER'), false);
    assert.deepEqual(JSON.parse(text), { error: { code: 'internal', message: 'internal error' } });
  });

  it('buildApp() caps WebSocket messages at 1 MiB', () => {
    assert.equal(buildApp(createTestContext({ home: home.path })).wss.options.maxPayload, 1 << 20);
  });
});
