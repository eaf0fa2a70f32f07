import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { describe, it } from 'node:test';
import { hashToken, issueToken, mintToken } from '../../../src/auth/api-tokens.js';
import type { Bridge } from '../../../src/bridges/record.js';
import type { Supervisor } from '../../../src/bridges/supervisor.js';
import { createApp } from '../../../src/http/app.js';
import type { AppContext } from '../../../src/http/context.js';
import { hasMetricsToken } from '../../../src/http/routes/metrics.js';
import { createMetrics } from '../../../src/system/metrics.js';
import { createTestContext } from '../../support/app-context.js';
import {
  createAuthApp,
  createTestClock,
  FAKE_PASSWORD,
  passwordAuthConfig,
} from '../../support/auth-app.js';
import { useTempDir } from '../../support/temp.js';

const home = useTempDir();

const RUNNING = { id: 'br-abcdefghijkl', status: 'running' } as Bridge;

function attachMetrics(ctx: AppContext): void {
  const supervisor = { list: () => [RUNNING] } as unknown as Supervisor;
  ctx.supervisor = supervisor;
  ctx.metrics = createMetrics(
    ctx.bus,
    {
      bridgeStatuses: () => supervisor.list().map((b) => b.status),
      webSocketClients: () => 3,
    },
    ctx.version,
  );
}

/** Auth off on loopback (the default config), metrics on with the hash of `token`. */
function openApp(token: string | null, enabled = true) {
  const observability = {
    prometheus_enabled: enabled,
    metrics_token_hash: token === null ? null : hashToken(token),
  };
  const ctx = createTestContext({ home: home.path, raw: { observability } });
  attachMetrics(ctx);
  return createApp(ctx);
}

describe('hasMetricsToken()', () => {
  it('hasMetricsToken() accepts only `Bearer <token>` whose SHA-256 is the configured hash', () => {
    const token = mintToken();
    const hash = hashToken(token);
    const cases: Array<[string | undefined, boolean]> = [
      [`Bearer ${token}`, true],
      [`bearer ${token}`, true],
      [`Bearer ${token} `, true],
      [undefined, false],
      ['', false],
      ['Bearer', false],
      [`Basic ${token}`, false],
      [`Bearer ${token}x`, false],
      [`Bearer ${hash}`, false],
      [`Bearer ${token} extra`, false],
    ];
    for (const [header, expected] of cases) {
      assert.equal(hasMetricsToken(header, hash), expected, String(header));
    }
  });
});

describe('metricsRoutes()', () => {
  it('metricsRoutes() GET /metrics answers 404 when prometheus_enabled is off (the default)', async () => {
    const token = mintToken();
    const app = openApp(token, false);
    const response = await app.request('/metrics', {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(response.status, 404);
    assert.equal(
      ((await response.json()) as { error: { code: string } }).error.code,
      'feature-disabled',
    );
  });

  it('metricsRoutes() GET /metrics answers 404 when on but no metrics_token_hash is set', async () => {
    const response = await openApp(null).request('/metrics', {
      headers: { authorization: `Bearer ${mintToken()}` },
    });
    assert.equal(response.status, 404);
  });

  it('metricsRoutes() GET /metrics answers 401 without or with a wrong token, never echoing it', async () => {
    const app = openApp(mintToken());
    const wrong = mintToken();
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: `Bearer ${wrong}` },
      { authorization: wrong },
    ];
    for (const headers of attempts) {
      const response = await app.request('/metrics', { headers });
      assert.equal(response.status, 401);
      assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer /);
      assert.ok(!(await response.text()).includes(wrong));
    }
  });

  it('metricsRoutes() GET /metrics serves the text format with the token', async () => {
    const token = mintToken();
    const app = openApp(token);
    assert.equal((await app.request('/api/widget')).status, 200);
    const response = await app.request('/metrics', {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const text = await response.text();
    assert.match(text, /^clauster_build_info\{version="0\.0\.0-test"\} 1$/m);
    assert.match(text, /^clauster_bridges\{status="running"\} 1$/m);
    assert.match(text, /^clauster_bridges\{status="crashed"\} 0$/m);
    assert.match(text, /^clauster_websocket_clients 3$/m);
    assert.match(
      text,
      /^clauster_http_request_duration_seconds_count\{route="\/api\/widget",method="GET",status="200"\} 1$/m,
    );
  });

  it('metricsRoutes() with auth on: a session cookie or another API token does not read /metrics', async () => {
    const deps = { fs: fsp, clock: createTestClock() };
    const scrape = await issueToken(home.path, { label: 'prom', scopes: ['metrics'] }, deps);
    const api = await issueToken(home.path, { label: 'ci' }, deps);
    assert.ok(scrape.ok && api.ok);
    const auth = await passwordAuthConfig();
    const observability = {
      prometheus_enabled: true,
      metrics_token_hash: scrape.value.record.hash,
    };
    const { app, ctx } = createAuthApp({ stateDir: home.path, config: { auth, observability } });
    attachMetrics(ctx);

    const login = await app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:7621' },
      body: JSON.stringify({ password: FAKE_PASSWORD }),
    });
    assert.equal(login.status, 200);
    const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    assert.equal((await app.request('/metrics', { headers: { cookie } })).status, 401);
    const withApi = { authorization: `Bearer ${api.value.token}` };
    assert.equal((await app.request('/metrics', { headers: withApi })).status, 401);
    const withScrape = { authorization: `Bearer ${scrape.value.token}` };
    const ok = await app.request('/metrics', { headers: withScrape });
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /^clauster_logins_total\{outcome="success"\} 1$/m);
  });
});
