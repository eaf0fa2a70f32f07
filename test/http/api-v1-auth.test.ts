// /api/v1 requests are routed as their /api twins, but logs and the proxy signature keep the
// path as it was requested.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Supervisor } from '../../src/bridges/supervisor.js';
import { signProxyRequest } from '../../src/security/proxy-trust.js';
import { createAuthApp, createProbeApp, passwordAuthConfig, peerEnv } from '../support/auth-app.js';
import { useTempDir } from '../support/temp.js';

const PROXY_SECRET = 'FAKE-proxy-secret-'.padEnd(48, 'v');
const dir = useTempDir();

function proxyApp(rootPath: string) {
  const reverse_proxy = {
    enabled: true,
    trusted_ips: ['10.0.0.0/24'],
    shared_secret: PROXY_SECRET,
  };
  return createProbeApp({
    stateDir: dir.path,
    config: { root_path: rootPath, auth: { enabled: true, reverse_proxy } },
  });
}

describe('the /api/v1 alias in logs and proxy auth', () => {
  it('authenticate() logs a refused /api/v1 request with its /api/v1 path', async () => {
    const { app, logger } = createAuthApp({
      stateDir: dir.path,
      config: { auth: await passwordAuthConfig() },
    });
    const fake = `clauster_pat_${'FAKE'.repeat(11)}`;
    const response = await app.request('/api/v1/projects', {
      headers: { authorization: `Bearer ${fake}` },
    });
    assert.equal(response.status, 401);
    const refused = logger.lines.filter((line) => line.includes('credential refused'));
    assert.equal(refused.length, 1);
    assert.match(refused[0] ?? '', /"path":"\/api\/v1\/projects"/);
    assert.ok(!refused[0]?.includes(fake));
  });

  it('buildApp() logs a failed /api/v1 request with its /api/v1 path', async () => {
    const { app, ctx, logger } = createAuthApp({ stateDir: dir.path });
    ctx.supervisor = {
      list() {
        throw new Error('list failed');
      },
    } as unknown as Supervisor;
    const response = await app.request('/api/v1/bridges');
    assert.equal(response.status, 500);
    const failed = logger.lines.filter((line) => line.includes('request failed'));
    assert.equal(failed.length, 1);
    assert.match(failed[0] ?? '', /"path":"\/api\/v1\/bridges"/);
  });

  for (const rootPath of ['', '/clauster']) {
    it(`authenticate() verifies a proxy signature over the /api/v1 path (root_path '${rootPath}')`, async () => {
      const { app, clock } = proxyApp(rootPath);
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
      const env = peerEnv('10.0.0.3');
      const send = (path: string) =>
        app.request('/api/v1/widget', { headers: signed(`${rootPath}${path}`) }, env);
      const ok = await send('/api/v1/widget');
      assert.equal(ok.status, 200);
      assert.equal(((await ok.json()) as { version: string }).version, '0.0.0-test');
      clock.advance(1_000);
      // The proxy signs what it forwarded, never the /api twin the app routes by.
      assert.equal((await send('/api/widget')).status, 401);
    });
  }
});
