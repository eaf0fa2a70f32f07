// GET /api/session: what the UI learns about auth mode and login state, with auth off and on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createAuthApp,
  createPasswordApp,
  loginCookie,
  readJson,
  readSetCookie,
} from '../../support/auth-app.js';
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
      clone_schemes: ['https', 'ssh'],
      instance_name: null,
      notifications: { browser: false, on: { crash: true, ready: false, stop: false } },
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
      clone_schemes: null,
      instance_name: null,
      notifications: null,
    });
    const cookie = await loginCookie(app);
    const after = await readJson(await app.request('/api/session', { headers: { cookie } }));
    assert.equal(after.authenticated, true);
    assert.equal(after.user, 'admin');
    assert.deepEqual(after.clone_schemes, ['https', 'ssh']);
  });

  it('GET /api/session gives instance_name to an authenticated caller only', async () => {
    const { app } = await createPasswordApp({
      stateDir: dir.path,
      config: { instance_name: 'nas-lab' },
    });
    const before = await readJson(await app.request('/api/session'));
    assert.equal(before.authenticated, false);
    assert.equal(before.instance_name, null);
    const cookie = await loginCookie(app);
    const after = await readJson(await app.request('/api/session', { headers: { cookie } }));
    assert.equal(after.instance_name, 'nas-lab');
  });

  it('GET /api/session names clone.allowed_schemes as configured', async () => {
    const { app } = createAuthApp({
      stateDir: dir.path,
      config: { clone: { allowed_schemes: ['https'] } },
    });
    assert.deepEqual((await readJson(await app.request('/api/session'))).clone_schemes, ['https']);
  });

  it('GET /api/session gives instance_name with auth off on loopback', async () => {
    const { app } = createAuthApp({ stateDir: dir.path, config: { instance_name: 'desk' } });
    assert.equal((await readJson(await app.request('/api/session'))).instance_name, 'desk');
  });

  it('GET /api/session gives the notification switches to an authenticated caller only', async () => {
    const { app } = await createPasswordApp({
      stateDir: dir.path,
      config: {
        notifications: { browser_enabled: true, notify_on_crash: false, notify_on_stop: true },
      },
    });
    const before = await readJson(await app.request('/api/session'));
    assert.equal(before.notifications, null);
    const cookie = await loginCookie(app);
    const after = await readJson(await app.request('/api/session', { headers: { cookie } }));
    assert.deepEqual(after.notifications, {
      browser: true,
      on: { crash: false, ready: false, stop: true },
    });
  });
});
