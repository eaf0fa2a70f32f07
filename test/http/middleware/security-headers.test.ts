import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildContentSecurityPolicy } from '../../../src/http/middleware/security-headers.js';
import {
  createAuthApp,
  createPasswordApp,
  createProbeApp,
  peerEnv,
} from '../../support/auth-app.js';
import { useTempDir } from '../../support/temp.js';

const dir = useTempDir();

function assertSecurityHeaders(response: Response, label: string): string {
  const csp = response.headers.get('content-security-policy') ?? '';
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  assert.ok(nonce, `${label}: CSP nonce`);
  assert.equal(csp, buildContentSecurityPolicy(nonce), label);
  assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), label);
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff', label);
  assert.equal(response.headers.get('referrer-policy'), 'same-origin', label);
  assert.equal(response.headers.get('x-frame-options'), 'DENY', label);
  assert.equal(response.headers.get('cache-control'), 'no-store', label);
  return nonce;
}

describe('securityHeaders()', () => {
  it('securityHeaders() sets every header on 200, 302, 401, 403, 404, 413 and 429 responses', async () => {
    const { app } = await createPasswordApp({ stateDir: dir.path });
    const login = (env?: Record<string, unknown>) =>
      app.request(
        '/login',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: 'http://localhost:7621' },
          body: '{"password":"nope"}',
        },
        env,
      );
    for (let i = 0; i < 5; i += 1) await login(peerEnv('10.3.3.3'));
    // Redirect probes are not public: serve them from an auth-off app.
    const open = createProbeApp({ stateDir: dir.path }).app;
    const cases: Array<[string, Response | Promise<Response>, number]> = [
      ['healthz', app.request('/healthz'), 200],
      ['redirect', open.request('/probe/redirect'), 302],
      ['Response.redirect', open.request('/probe/raw-redirect'), 302],
      ['unauthenticated', app.request('/api/whoami'), 401],
      [
        'bad origin',
        app.request('/login', { method: 'POST', headers: { origin: 'http://evil.test' } }),
        403,
      ],
      ['not found', open.request('/healthz/nope'), 404],
      [
        'too large',
        app.request('/login', { method: 'POST', headers: { 'content-length': '999999' } }),
        413,
      ],
      ['throttled', login(peerEnv('10.3.3.3')), 429],
    ];
    for (const [label, pending, status] of cases) {
      const response = await pending;
      assert.equal(response.status, status, label);
      assertSecurityHeaders(response, label);
      assert.equal(response.headers.get('strict-transport-security'), null, label);
    }
  });

  it('securityHeaders() uses a fresh nonce for every response', async () => {
    const { app } = createAuthApp({ stateDir: dir.path });
    const nonces = new Set<string>();
    for (let i = 0; i < 20; i += 1)
      nonces.add(assertSecurityHeaders(await app.request('/healthz'), `#${i}`));
    assert.equal(nonces.size, 20);
    for (const nonce of nonces) assert.ok(Buffer.from(nonce, 'base64').length >= 16);
  });

  it('securityHeaders() exposes the nonce to handlers as c.get("cspNonce")', async () => {
    const { app } = createAuthApp({ stateDir: dir.path });
    app.get('/probe/html', (c) => c.html(`<script nonce="${c.get('cspNonce')}"></script>`));
    const response = await app.request('/probe/html');
    const nonce = assertSecurityHeaders(response, 'html');
    assert.equal(await response.text(), `<script nonce="${nonce}"></script>`);
  });

  it('securityHeaders() adds HSTS only over https (native or from a trusted proxy)', async () => {
    const config = {
      auth: {
        allowed_origins: ['https://dash.example.com'],
        reverse_proxy: { trusted_ips: ['10.0.0.0/24'] },
      },
    };
    const { app } = createAuthApp({ stateDir: dir.path, config });
    const https = await app.request('https://dash.example.com/healthz');
    assert.equal(https.headers.get('strict-transport-security'), 'max-age=31536000');
    const proxied = { headers: { 'x-forwarded-proto': 'https' } };
    const trusted = await app.request('/healthz', proxied, peerEnv('10.0.0.2'));
    assert.equal(trusted.headers.get('strict-transport-security'), 'max-age=31536000');
    const untrusted = await app.request('/healthz', proxied, peerEnv('192.168.0.2'));
    assert.equal(untrusted.headers.get('strict-transport-security'), null);
  });
});
