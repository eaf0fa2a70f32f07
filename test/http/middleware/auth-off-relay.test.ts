import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findRelayHeader } from '../../../src/security/proxy-trust.js';
import { createProbeApp, readJson } from '../../support/auth-app.js';
import { useTempDir } from '../../support/temp.js';

const dir = useTempDir();

describe('authenticate() with auth off and a relaying proxy', () => {
  const RELAYED: Array<[string, string]> = [
    ['x-forwarded-for', '203.0.113.9'],
    ['forwarded', 'for=203.0.113.9;proto=https'],
    ['x-forwarded-host', 'clauster.example.com'],
    ['x-real-ip', '203.0.113.9'],
    ['via', '1.1 caddy'],
  ];
  for (const [name, value] of RELAYED) {
    it(`authenticate() refuses a request carrying ${name} with 403 naming auth.enabled`, async () => {
      const { app } = createProbeApp({ stateDir: dir.path });
      for (const path of ['/api/whoami', '/healthz', '/ws/events']) {
        const response = await app.request(path, { headers: { [name]: value } });
        assert.equal(response.status, 403, `${path} with ${name}`);
        const { error } = await readJson(response);
        assert.equal(error?.code, 'relayed-without-auth');
        const message = String(error?.message);
        assert.match(message, new RegExp(`auth\\.enabled is false.*carries ${name}`));
        assert.ok(!message.includes(value), 'the header value is not echoed');
      }
    });
  }

  it('authenticate() still serves direct loopback clients with auth off', async () => {
    const { app } = createProbeApp({ stateDir: dir.path });
    const response = await app.request('/api/whoami');
    assert.equal(response.status, 200);
  });

  it('authenticate() leaves relayed requests to the explicit opt-out and to enforced auth', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.9' };
    const optedOut = createProbeApp({
      stateDir: dir.path,
      config: { auth: { allow_unauthenticated_network: true } },
    });
    assert.equal((await optedOut.app.request('/api/whoami', { headers })).status, 200);
    const enforced = createProbeApp({ stateDir: dir.path, config: { auth: { enabled: true } } });
    assert.equal((await enforced.app.request('/api/whoami', { headers })).status, 401);
  });

  it('findRelayHeader() names the first relay header present, or null', () => {
    const headers: Record<string, string> = { via: '1.1 nginx', 'x-real-ip': '10.0.0.1' };
    assert.equal(
      findRelayHeader((name) => headers[name]),
      'x-real-ip',
    );
    assert.equal(
      findRelayHeader(() => undefined),
      null,
    );
  });
});
