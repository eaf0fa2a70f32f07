import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { describe, it } from 'node:test';
import { issueToken } from '../../../src/auth/api-tokens.js';
import { signProxyRequest } from '../../../src/security/proxy-trust.js';
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
const PROXY_SECRET = 'FAKE-proxy-secret-'.padEnd(48, 'g');

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

  it('originGate() refuses a proxy-asserted user without Origin, as it does a cookie', async () => {
    const reverse_proxy = {
      enabled: true,
      trusted_ips: ['10.0.0.0/24'],
      shared_secret: PROXY_SECRET,
    };
    const { app, clock, handlerRuns } = createProbeApp({
      stateDir: dir.path,
      config: { auth: { enabled: true, reverse_proxy } },
    });
    let nonce = 0;
    const signed = (): Record<string, string> => {
      const t = Math.floor(clock.now() / 1000);
      nonce += 1;
      const n = `gate-nonce-${nonce}`;
      const request = { user: 'alice', timestamp: t, method: 'POST', path: '/api/echo', nonce: n };
      const mac = signProxyRequest(PROXY_SECRET, request);
      return { 'remote-user': 'alice', 'x-proxy-auth': `t=${t},n=${n},v1=${mac}` };
    };
    const issued = await issueToken(dir.path, { label: 'ci' }, { fs: fsp, clock });
    assert.ok(issued.ok);
    const bearer = { authorization: `Bearer ${issued.value.token}` };
    const trusted = peerEnv('10.0.0.3');
    const cases: Array<[string, () => Record<string, string>, Record<string, unknown>, number]> = [
      ['signed, no Origin', signed, trusted, 403],
      ['signed, foreign Origin', () => ({ ...signed(), origin: 'http://evil.test' }), trusted, 403],
      [
        'signed, own Origin',
        () => ({ ...signed(), origin: 'http://localhost:7621' }),
        trusted,
        200,
      ],
      [
        'bearer beside the user header, no Origin',
        () => ({ ...signed(), ...bearer }),
        trusted,
        200,
      ],
      ['user header from an untrusted peer', signed, peerEnv('10.0.1.3'), 401],
    ];
    for (const [label, headers, env, status] of cases) {
      const response = await app.request('/api/echo', post(headers()), env);
      assert.equal(response.status, status, label);
      if (status === 403) assert.equal((await readJson(response)).error?.code, 'bad-origin');
    }
    assert.equal(handlerRuns(), 2, 'refused requests never reach the handler');
  });

  it('originGate() refuses a forward-auth user header without Origin (no HMAC mode)', async () => {
    const reverse_proxy = { enabled: true, trusted_ips: ['10.0.0.0/24'], require_hmac: false };
    const { app } = createProbeApp({
      stateDir: dir.path,
      config: { auth: { enabled: true, reverse_proxy } },
    });
    const env = peerEnv('10.0.0.3');
    const user = { 'remote-user': 'alice' };
    const missing = await app.request('/api/echo', post(user), env);
    assert.equal(missing.status, 403);
    assert.match(
      String((await readJson(missing)).error?.message),
      /asserts a reverse-proxy user but carries no Origin header; .* instead of the proxy login/,
    );
    const own = post({ ...user, origin: 'http://localhost:7621' });
    assert.equal((await app.request('/api/echo', own, env)).status, 200);
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
