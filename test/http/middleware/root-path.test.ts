// root_path is the proxy's business (it strips the prefix, the app routes from `/`): every
// middleware must classify the path the router matches, whatever root_path looks like.
import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { describe, it } from 'node:test';
import { issueToken } from '../../../src/auth/api-tokens.js';
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

const PROXY_SECRET = 'FAKE-proxy-secret-'.padEnd(48, 'r');
const dir = useTempDir();

/** A password app under `rootPath` with an api token and a metrics-only token. */
async function tokenApp(rootPath: string) {
  const deps = { fs: fsp, clock: createTestClock() };
  const api = await issueToken(dir.path, { label: 'ci' }, deps);
  const metrics = await issueToken(dir.path, { label: 'prom', scopes: ['metrics'] }, deps);
  assert.ok(api.ok && metrics.ok);
  const observability = { prometheus_enabled: true, metrics_token_hash: metrics.value.record.hash };
  const built = await createPasswordApp({
    stateDir: dir.path,
    config: { root_path: rootPath, observability },
  });
  built.ctx.metrics = createMetrics(
    built.ctx.bus,
    { bridgeStatuses: () => [], webSocketClients: () => 0 },
    built.ctx.version,
  );
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  return { ...built, api: bearer(api.value.token), metrics: bearer(metrics.value.token) };
}

describe('authenticate() and bodyLimits() under root_path', () => {
  for (const rootPath of ['/api', '/clauster']) {
    it(`authenticate() lets a metrics-only token read /metrics only (root_path ${rootPath})`, async () => {
      const { app, metrics } = await tokenApp(rootPath);
      assert.equal((await app.request('/metrics', { headers: metrics })).status, 200);
      for (const path of ['/api/metrics', '/api/v1/metrics', '/api/projects', '/api/whoami']) {
        const response = await app.request(path, { headers: metrics });
        assert.equal(response.status, 403, path);
        assert.equal((await readJson(response)).error?.code, 'forbidden', path);
      }
    });
  }

  it('authenticate() rate-limits /api requests per credential with root_path /api', async () => {
    const { app, api } = await tokenApp('/api');
    const statuses: number[] = [];
    for (let i = 0; i < 45; i += 1) {
      statuses.push((await app.request('/api/whoami', { headers: api })).status);
    }
    assert.equal(statuses.filter((s) => s === 200).length, 40);
    assert.equal(statuses.at(-1), 429);
  });

  it('bodyLimits() refuses a non-JSON /api write with root_path /api (415)', async () => {
    const { app, api, handlerRuns } = await tokenApp('/api');
    const response = await app.request('/api/echo', {
      method: 'POST',
      headers: { ...api, 'content-type': 'text/plain' },
      body: 'x',
    });
    assert.equal(response.status, 415);
    assert.equal(handlerRuns(), 0);
  });

  it('authenticate() verifies the proxy HMAC over root_path + the received path (root_path /api)', async () => {
    const reverse_proxy = {
      enabled: true,
      trusted_ips: ['10.0.0.0/24'],
      shared_secret: PROXY_SECRET,
    };
    const config = { root_path: '/api', auth: { enabled: true, reverse_proxy } };
    const { app, clock } = createProbeApp({ stateDir: dir.path, config });
    const signed = (path: string) => {
      const t = Math.floor(clock.now() / 1000);
      const mac = signProxyRequest(PROXY_SECRET, {
        user: 'alice',
        timestamp: t,
        method: 'GET',
        path,
      });
      return { 'remote-user': 'alice', 'x-proxy-auth': `t=${t},v1=${mac}` };
    };
    // The browser asked for /api/api/whoami; the proxy stripped /api and forwarded /api/whoami.
    const env = peerEnv('10.0.0.3');
    const ok = await app.request('/api/whoami', { headers: signed('/api/api/whoami') }, env);
    assert.equal(ok.status, 200);
    assert.deepEqual((await readJson(ok)).identity, { kind: 'proxy', user: 'alice' });
    clock.advance(1_000);
    const inner = await app.request('/api/whoami', { headers: signed('/api/whoami') }, env);
    assert.equal(inner.status, 401, 'a MAC over the received path alone does not verify');
  });
});
