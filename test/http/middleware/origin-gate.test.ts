import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { describe, it } from 'node:test';
import { issueToken } from '../../../src/auth/api-tokens.js';
import {
  createAuthApp,
  createPasswordApp,
  createProbeApp,
  createTestClock,
  loginCookie,
  peerEnv,
  readJson,
} from '../../support/auth-app.js';
import { useTempDir } from '../../support/temp.js';

const dir = useTempDir();

function post(headers: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: '{}',
  };
}

describe('originGate()', () => {
  it('originGate() gates unsafe methods even with auth off', async () => {
    const { app, handlerRuns } = createProbeApp({ stateDir: dir.path });
    const cases: Array<[Record<string, string>, number]> = [
      [{ origin: 'http://localhost:7621' }, 200],
      [{ origin: 'http://127.0.0.1:7621' }, 200],
      [{}, 200],
      [{ origin: 'http://evil.test' }, 403],
      [{ origin: 'null' }, 403],
      [{ origin: 'http://localhost:7622' }, 403],
      [{ origin: 'http://localhost:7621.evil.test' }, 403],
      [{ origin: 'http://localhost:7621', 'sec-fetch-site': 'cross-site' }, 403],
    ];
    for (const [headers, status] of cases) {
      const response = await app.request('/api/echo', post(headers));
      assert.equal(response.status, status, JSON.stringify(headers));
      if (status === 403) {
        const { error } = await readJson(response);
        assert.equal(error?.code, 'bad-origin');
        assert.match(String(error?.message), /^origin check failed: .+; send it from a page/);
      }
    }
    assert.equal(handlerRuns(), 3, 'refused requests never reach the handler');
  });

  it('originGate() allows the loopback origins of the port actually listened on', async () => {
    const { app } = createProbeApp({ stateDir: dir.path, config: { port: 0 } });
    const env = peerEnv('127.0.0.1', 43_210);
    assert.equal(
      (await app.request('/api/echo', post({ origin: 'http://127.0.0.1:43210' }), env)).status,
      200,
    );
    assert.equal(
      (await app.request('/api/echo', post({ origin: 'http://127.0.0.1:43211' }), env)).status,
      403,
    );
  });

  it('originGate() refuses a cookie-carrying request without Origin, and exempts Bearer tokens', async () => {
    const { app } = await createPasswordApp({ stateDir: dir.path });
    const cookie = await loginCookie(app);
    assert.equal((await app.request('/api/echo', post({ cookie }))).status, 403);
    assert.equal(
      (await app.request('/api/echo', post({ cookie, origin: 'http://localhost:7621' }))).status,
      200,
    );
    const issued = await issueToken(
      dir.path,
      { label: 'ci' },
      { fs: fsp, clock: createTestClock() },
    );
    assert.ok(issued.ok);
    const bearer = { authorization: `Bearer ${issued.value.token}` };
    assert.equal(
      (await app.request('/api/echo', post({ ...bearer, origin: 'http://evil.test' }))).status,
      200,
    );
  });

  it('originGate() runs on WebSocket handshakes (GET with Upgrade)', async () => {
    const { app } = createAuthApp({ stateDir: dir.path });
    const upgrade = { upgrade: 'websocket', connection: 'Upgrade' };
    assert.equal(
      (await app.request('/ws/events', { headers: { ...upgrade, origin: 'http://evil.test' } }))
        .status,
      403,
    );
    assert.equal((await app.request('/ws/events', { headers: upgrade })).status, 403);
    assert.notEqual(
      (
        await app.request('/ws/events', {
          headers: { ...upgrade, origin: 'http://localhost:7621' },
        })
      ).status,
      403,
    );
  });
});

describe('clientContext()', () => {
  it('clientContext() refuses a Host that is a foreign DNS name (DNS rebinding)', async () => {
    const { app } = createAuthApp({
      stateDir: dir.path,
      config: { auth: { allowed_origins: ['https://dash.example.com'] } },
    });
    const foreign = await app.request('http://rebind.evil.test:7621/healthz');
    assert.equal(foreign.status, 403);
    assert.equal((await readJson(foreign)).error?.code, 'bad-host');
    assert.equal((await app.request('https://dash.example.com/healthz')).status, 200);
    assert.equal((await app.request('http://192.168.1.4:7621/healthz')).status, 200);
    const header = await app.request('/healthz', { headers: { host: 'rebind.evil.test' } });
    assert.equal(header.status, 403);
  });
});
