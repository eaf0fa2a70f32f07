// GET /api/session: what the UI learns about auth mode and login state, with auth off and on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAuthApp, loginCookie, readJson, readSetCookie } from '../../support/auth-app.js';
import { useAuthRouteApps } from '../../support/auth-routes.js';

const { dir, passwordApp } = useAuthRouteApps();

describe('GET /api/session', () => {
  it('GET /api/session reports auth off on a loopback dashboard', async () => {
    const { app } = createAuthApp({ stateDir: dir.path });
    const response = await app.request('/api/session');
    assert.equal(response.status, 200);
    assert.deepEqual(await readJson(response), {
      authenticated: true,
      user: null,
      auth: { mode: 'off', password_login: false },
      features: { clone: true, reaper: false },
    });
    assert.equal(readSetCookie(response), null);
  });

  it('GET /api/session reports password mode before and after login', async () => {
    const { app } = await passwordApp();
    const before = await readJson(await app.request('/api/session'));
    assert.deepEqual(before, {
      authenticated: false,
      user: null,
      auth: { mode: 'password', password_login: true },
      features: { clone: true, reaper: false },
    });
    const cookie = await loginCookie(app);
    const after = await readJson(await app.request('/api/session', { headers: { cookie } }));
    assert.equal(after.authenticated, true);
    assert.equal(after.user, 'admin');
  });
});
