// POST /logout: the epoch bump that refuses every older cookie, and its credential/Origin checks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loginCookie, readJson, readSetCookie } from '../../support/auth-app.js';
import { ORIGIN, useAuthRouteApps } from '../../support/auth-routes.js';

const { passwordApp } = useAuthRouteApps();

describe('POST /logout', () => {
  it('POST /logout bumps the epoch: every older cookie is refused, also by a restarted app', async () => {
    const { app } = await passwordApp();
    const first = await loginCookie(app);
    const second = await loginCookie(app);
    const out = await app.request('/logout', {
      method: 'POST',
      headers: { cookie: first, origin: ORIGIN },
    });
    assert.equal(out.status, 200);
    assert.deepEqual(await readJson(out), { ok: true });
    assert.match(readSetCookie(out)?.raw ?? '', /Max-Age=0/);
    for (const cookie of [first, second]) {
      assert.equal((await app.request('/api/whoami', { headers: { cookie } })).status, 401);
    }
    const restarted = await passwordApp();
    assert.equal(
      (await restarted.app.request('/api/whoami', { headers: { cookie: second } })).status,
      401,
    );
    const again = await loginCookie(restarted.app);
    assert.equal(
      (await restarted.app.request('/api/whoami', { headers: { cookie: again } })).status,
      200,
    );
  });

  it('POST /logout needs a credential and an allowed Origin', async () => {
    const { app } = await passwordApp();
    assert.equal(
      (await app.request('/logout', { method: 'POST', headers: { origin: ORIGIN } })).status,
      401,
    );
    const cookie = await loginCookie(app);
    const foreign = await app.request('/logout', {
      method: 'POST',
      headers: { cookie, origin: 'http://evil.test' },
    });
    assert.equal(foreign.status, 403);
    assert.equal(
      (await app.request('/api/whoami', { headers: { cookie } })).status,
      200,
      'no state change',
    );
  });
});
