import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { describe, it } from 'node:test';
import { issueToken } from '../../../src/auth/api-tokens.js';
import { isPublicPath, publicPath } from '../../../src/http/middleware/auth.js';
import { signProxyRequest } from '../../../src/security/proxy-trust.js';
import { createMetrics } from '../../../src/system/metrics.js';
import {
  createPasswordApp,
  createProbeApp,
  createTestClock,
  peerEnv,
  readJson,
} from '../../support/auth-app.js';
import { useTempDir } from '../../support/temp.js';

const PROXY_SECRET = 'FAKE-proxy-secret-'.padEnd(48, 'z');
const dir = useTempDir();

async function tokenApp() {
  const deps = { fs: fsp, clock: createTestClock() };
  const api = await issueToken(dir.path, { label: 'ci' }, deps);
  const metrics = await issueToken(dir.path, { label: 'prom', scopes: ['metrics'] }, deps);
  assert.ok(api.ok && metrics.ok);
  // The real GET /metrics (src/http/routes/metrics.ts) also wants the hash in the config.
  const observability = { prometheus_enabled: true, metrics_token_hash: metrics.value.record.hash };
  const built = await createPasswordApp({ stateDir: dir.path, config: { observability } });
  built.ctx.metrics = createMetrics(
    built.ctx.bus,
    { bridgeStatuses: () => [], webSocketClients: () => 0 },
    built.ctx.version,
  );
  return { ...built, token: api.value.token, metricsToken: metrics.value.token };
}

describe('authenticate() with bearer tokens', () => {
  it('authenticate() accepts a valid bearer token and refuses unknown ones with a generic 401', async () => {
    const { app, token, logger } = await tokenApp();
    const ok = await app.request('/api/whoami', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    assert.equal((await readJson(ok)).identity?.kind, 'token');
    const fake = `clauster_pat_${'FAKE'.repeat(11)}`;
    for (const authorization of [
      `Bearer ${fake}`,
      `Basic ${Buffer.from(`admin:${fake}`).toString('base64')}`,
      'Bearer',
      `bearer  ${token}x`,
    ]) {
      const refused = await app.request('/api/whoami', { headers: { authorization } });
      assert.equal(refused.status, 401, authorization);
      const text = await refused.text();
      assert.ok(!text.includes(fake) && !text.includes(token));
    }
    assert.ok(logger.lines.length > 0);
    assert.ok(logger.lines.every((line) => !line.includes(fake) && !line.includes(token)));
  });

  it('authenticate() never falls back to the cookie when a bad bearer token is sent', async () => {
    const { app } = await tokenApp();
    const login = await app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:7621' },
      body: JSON.stringify({ password: (await import('../../support/auth-app.js')).FAKE_PASSWORD }),
    });
    const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    const response = await app.request('/api/whoami', {
      headers: { cookie, authorization: 'Bearer clauster_pat_nope' },
    });
    assert.equal(response.status, 401);
  });

  it('authenticate() lets a metrics-scope token read /metrics and nothing else', async () => {
    const { app, metricsToken } = await tokenApp();
    const headers = { authorization: `Bearer ${metricsToken}` };
    assert.equal((await app.request('/metrics', { headers })).status, 200);
    const api = await app.request('/api/whoami', { headers });
    assert.equal(api.status, 403);
  });

  it('authenticate() throttles repeated bad bearer tokens per client with 429', async () => {
    const { app, token } = await tokenApp();
    const env = peerEnv('10.4.4.4');
    const bad = { headers: { authorization: `Bearer clauster_pat_${'FAKE'.repeat(11)}` } };
    for (let i = 0; i < 5; i += 1)
      assert.equal((await app.request('/api/whoami', bad, env)).status, 401);
    const throttled = await app.request('/api/whoami', bad, env);
    assert.equal(throttled.status, 429);
    assert.ok(Number(throttled.headers.get('retry-after')) > 0);
    // A valid token is never locked out by others' failures from the same address (behind an
    // untrusted proxy every client shares one): tokens cannot be guessed, so nothing is lost.
    const valid = await app.request(
      '/api/whoami',
      { headers: { authorization: `Bearer ${token}` } },
      env,
    );
    assert.equal(valid.status, 200);
    assert.equal((await app.request('/api/whoami', bad, env)).status, 429, 'still locked');
  });

  it('authenticate() throttles only failed bearer checks, also under concurrency', async () => {
    const { app, token } = await tokenApp();
    const send = (value: string, peer: string) =>
      app.request('/api/whoami', { headers: { authorization: `Bearer ${value}` } }, peerEnv(peer));
    // 30 valid requests in flight at once (6× the 5-failure limit): every one is answered.
    const valid = await Promise.all(Array.from({ length: 30 }, () => send(token, '10.4.4.6')));
    assert.deepEqual(new Set(valid.map((r) => r.status)), new Set([200]));
    const bad = `clauster_pat_${'FAKE'.repeat(11)}`;
    const refused = await Promise.all(Array.from({ length: 12 }, () => send(bad, '10.4.4.7')));
    assert.ok(refused.every((r) => r.status === 401 || r.status === 429));
    assert.equal((await send(bad, '10.4.4.7')).status, 429, 'failures lock bad tokens out');
    assert.equal((await send(token, '10.4.4.7')).status, 200, 'a valid token still passes');
  });

  it('authenticate() rate-limits one identity to a burst of 40 API requests', async () => {
    const { app, token } = await tokenApp();
    const headers = { authorization: `Bearer ${token}` };
    const statuses: number[] = [];
    for (let i = 0; i < 45; i += 1)
      statuses.push((await app.request('/api/whoami', { headers })).status);
    assert.equal(statuses.filter((s) => s === 200).length, 40);
    assert.equal(statuses.at(-1), 429);
  });
});

describe('authenticate() with a reverse proxy', () => {
  function proxyApp(options: { requireHmac?: boolean } = {}) {
    const reverse_proxy = {
      enabled: true,
      trusted_ips: ['10.0.0.0/24'],
      shared_secret: PROXY_SECRET,
      require_hmac: options.requireHmac ?? true,
    };
    return createProbeApp({
      stateDir: dir.path,
      config: { auth: { enabled: true, reverse_proxy } },
    });
  }

  function signed(now: number, path = '/api/whoami', user = 'alice'): Record<string, string> {
    const t = Math.floor(now / 1000);
    const mac = signProxyRequest(PROXY_SECRET, { user, timestamp: t, method: 'GET', path });
    return { 'remote-user': user, 'x-proxy-auth': `t=${t},v1=${mac}` };
  }

  it('authenticate() accepts a signed assertion from a trusted peer once, and never a replay', async () => {
    const { app, clock, logger } = proxyApp();
    const headers = signed(clock.now());
    const first = await app.request('/api/whoami', { headers }, peerEnv('::ffff:10.0.0.3'));
    assert.equal(first.status, 200);
    assert.deepEqual((await readJson(first)).identity, { kind: 'proxy', user: 'alice' });
    assert.equal((await app.request('/api/whoami', { headers }, peerEnv('10.0.0.3'))).status, 401);
    const mac = headers['x-proxy-auth']?.split('v1=')[1] ?? 'missing';
    assert.ok(logger.lines.some((line) => line.includes('proxy-replayed-signature')));
    assert.ok(logger.lines.every((line) => !line.includes(mac)));
  });

  it('authenticate() refuses skewed, forged, wrong-peer and duplicated assertions', async () => {
    const { app, clock } = proxyApp();
    const cases: Array<[string, () => Response | Promise<Response>]> = [
      [
        'skew',
        () =>
          app.request(
            '/api/whoami',
            { headers: signed(clock.now() - 120_000) },
            peerEnv('10.0.0.3'),
          ),
      ],
      [
        'wrong path',
        () =>
          app.request(
            '/api/whoami',
            { headers: signed(clock.now(), '/api/other') },
            peerEnv('10.0.0.3'),
          ),
      ],
      [
        'untrusted peer',
        () => app.request('/api/whoami', { headers: signed(clock.now()) }, peerEnv('192.168.7.7')),
      ],
      ['no socket', () => app.request('/api/whoami', { headers: signed(clock.now()) })],
      [
        'duplicated user',
        () => {
          const headers = new Headers(signed(clock.now()));
          headers.append('remote-user', 'mallory');
          return app.request('/api/whoami', { headers }, peerEnv('10.0.0.3'));
        },
      ],
    ];
    for (const [label, send] of cases) assert.equal((await send()).status, 401, label);
  });

  it('authenticate() verifies the HMAC over the public path, root_path included', async () => {
    const reverse_proxy = {
      enabled: true,
      trusted_ips: ['10.0.0.0/24'],
      shared_secret: PROXY_SECRET,
    };
    const config = { root_path: '/clauster', auth: { enabled: true, reverse_proxy } };
    const { app, clock } = createProbeApp({ stateDir: dir.path, config });
    const env = peerEnv('10.0.0.3');
    const stripped = await app.request(
      '/api/whoami',
      { headers: signed(clock.now(), '/clauster/api/whoami') },
      env,
    );
    assert.equal(stripped.status, 200, 'proxy stripped root_path before forwarding');
    clock.advance(1_000);
    const inner = await app.request(
      '/api/whoami',
      { headers: signed(clock.now(), '/api/whoami') },
      env,
    );
    assert.equal(inner.status, 401, 'a MAC over the inner path does not verify');
  });

  it('authenticate() in forward-auth mode trusts the user header from trusted peers only', async () => {
    const { app } = proxyApp({ requireHmac: false });
    const headers = { 'remote-user': 'alice' };
    assert.equal((await app.request('/api/whoami', { headers }, peerEnv('10.0.0.3'))).status, 200);
    assert.equal((await app.request('/api/whoami', { headers }, peerEnv('10.0.1.3'))).status, 401);
  });
});

describe('authenticate() with auth off', () => {
  it('authenticate() makes everyone the anonymous operator and never sets a cookie', async () => {
    const { app } = createProbeApp({ stateDir: dir.path });
    const response = await app.request('/api/whoami');
    assert.equal(response.status, 200);
    assert.deepEqual((await readJson(response)).identity, { kind: 'anonymous', user: null });
    assert.deepEqual(response.headers.getSetCookie(), []);
  });

  it('authenticate() with allow_unauthenticated_network also sets no cookie', async () => {
    const { app } = createProbeApp({
      stateDir: dir.path,
      config: { host: '0.0.0.0', auth: { allow_unauthenticated_network: true } },
    });
    const response = await app.request('/api/whoami');
    assert.equal(response.status, 200);
    assert.deepEqual(response.headers.getSetCookie(), []);
  });
});

describe('publicPath() and isPublicPath()', () => {
  it('publicPath() always puts root_path back in front of the received path', () => {
    assert.equal(publicPath('/api/x', '/clauster'), '/clauster/api/x');
    assert.equal(publicPath('/clausterx/a', '/clauster'), '/clauster/clausterx/a');
    // The proxy stripped the prefix, so a received path never still carries it.
    assert.equal(publicPath('/api/x', '/api'), '/api/api/x');
    assert.equal(publicPath('/api/x', ''), '/api/x');
  });

  it('isPublicPath() lists the shell, assets, login, health and session only', () => {
    for (const path of ['/', '/login', '/healthz', '/api/session', '/assets/app.1234.js']) {
      assert.equal(isPublicPath(path), true, path);
    }
    for (const path of [
      '/api/projects',
      '/logout',
      '/ws/events',
      '/assets',
      '/healthz/x',
      '/metrics',
    ]) {
      assert.equal(isPublicPath(path), false, path);
    }
  });
});
