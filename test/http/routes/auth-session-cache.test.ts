import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createPasswordApp,
  createTestClock,
  loginCookie,
  readSetCookie,
} from '../../support/auth-app.js';
import { useTempDir } from '../../support/temp.js';

// Session cookies served from the unseal cache (src/auth/session-cache.ts) must obey every
// rule the uncached path does: logout (epoch), idle and absolute expiry, sliding renewal.
const ORIGIN = 'http://localhost:7621';
const dir = useTempDir();

describe('session cookies served from the unseal cache', () => {
  it('a cached cookie is still refused once idle or expired, and still slides (injected clock)', async () => {
    // An hour behind real time, so the unseal cache (≤ 10 s) is what answers below.
    const clock = createTestClock(Date.now() - 3_600_000);
    const auth = { session_max_age_seconds: 120, session_idle_seconds: 90 };
    const { app } = await createPasswordApp({ stateDir: dir.path, auth, clock });
    const cookie = await loginCookie(app);
    const get = async (value: string) => app.request('/api/whoami', { headers: { cookie: value } });
    assert.equal((await get(cookie)).status, 200);
    clock.advance(85_000);
    const slid = await get(cookie);
    assert.equal(slid.status, 200);
    const renewed = readSetCookie(slid);
    assert.ok(renewed, 'sliding renewal after 60 s');
    const current = `${renewed.name}=${renewed.value}`;
    // Each refusal below comes < 10 s after the same cookie was verified (a cache hit).
    clock.advance(5_000);
    assert.equal((await get(cookie)).status, 401, 'idle 90 s after its last activity');
    assert.equal((await get(current)).status, 200);
    clock.advance(25_000);
    assert.equal((await get(current)).status, 200);
    clock.advance(5_000);
    assert.equal((await get(current)).status, 401, 'absolute lifetime from the login');
  });

  it('POST /logout refuses a cookie that was just served from the unseal cache', async () => {
    const { app } = await createPasswordApp({ stateDir: dir.path });
    const cookie = await loginCookie(app);
    for (let i = 0; i < 3; i += 1) {
      assert.equal((await app.request('/api/whoami', { headers: { cookie } })).status, 200);
    }
    const other = await loginCookie(app);
    const out = await app.request('/logout', {
      method: 'POST',
      headers: { cookie, origin: ORIGIN },
    });
    assert.equal(out.status, 200);
    for (const stale of [cookie, other]) {
      assert.equal((await app.request('/api/whoami', { headers: { cookie: stale } })).status, 401);
    }
  });
});
