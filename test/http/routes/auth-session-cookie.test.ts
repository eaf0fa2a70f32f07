// Session cookies on protected routes: tampering, idle and absolute expiry, renewal, future iat.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestClock, loginCookie, readJson, readSetCookie } from '../../support/auth-app.js';
import { useAuthRouteApps } from '../../support/auth-routes.js';

const { passwordApp } = useAuthRouteApps();

describe('session cookie checks', () => {
  it('a session cookie authenticates protected routes; no cookie or a tampered one gets a generic 401', async () => {
    const { app, logger } = await passwordApp();
    const cookie = await loginCookie(app);
    const ok = await app.request('/api/whoami', { headers: { cookie } });
    assert.equal(ok.status, 200);
    assert.equal((await readJson(ok)).identity?.kind, 'session');
    const tampered = cookie.replace(/.$/, (ch) => (ch === '2' ? '3' : '2'));
    for (const headers of [
      {} as Record<string, string>,
      { cookie: tampered },
      { cookie: `${cookie.split('=')[0]}=garbage` },
    ]) {
      const refused = await app.request('/api/whoami', { headers });
      assert.equal(refused.status, 401);
      const text = await refused.text();
      assert.deepEqual(JSON.parse(text), {
        error: { code: 'unauthenticated', message: 'authentication required' },
      });
      assert.ok(!text.includes('Fe26'));
    }
    assert.ok(logger.lines.some((line) => line.includes('session-malformed')));
    assert.ok(logger.lines.every((line) => !line.includes('Fe26') && !line.includes('garbage')));
  });

  it('a cookie expires after session_max_age_seconds and after 24 h idle (injected clock)', async () => {
    const clock = createTestClock();
    const { app } = await passwordApp({ session_max_age_seconds: 2 * 86_400 }, clock);
    const cookie = await loginCookie(app);
    clock.advance(86_400_000 + 1_000);
    assert.equal((await app.request('/api/whoami', { headers: { cookie } })).status, 401, 'idle');
    const fresh = await loginCookie(app);
    let current = fresh;
    for (let hour = 0; hour < 47; hour += 1) {
      clock.advance(3_600_000);
      const response = await app.request('/api/whoami', { headers: { cookie: current } });
      assert.equal(response.status, 200, `hour ${hour}`);
      const renewed = readSetCookie(response);
      if (renewed) current = `${renewed.name}=${renewed.value}`;
    }
    clock.advance(3_600_000);
    assert.equal(
      (await app.request('/api/whoami', { headers: { cookie: current } })).status,
      401,
      'absolute',
    );
  });

  it('a renewed cookie keeps the remaining absolute lifetime as Max-Age', async () => {
    const clock = createTestClock();
    const { app } = await passwordApp({}, clock);
    const cookie = await loginCookie(app);
    clock.advance(3_600_000);
    const renewed = readSetCookie(await app.request('/api/whoami', { headers: { cookie } }));
    assert.ok(renewed);
    assert.match(renewed.raw, /Max-Age=601200/);
  });

  it('a cookie whose iat is in the future is refused', async () => {
    const clock = createTestClock();
    const { app } = await passwordApp({}, clock);
    clock.advance(3_600_000);
    const cookie = await loginCookie(app);
    clock.advance(-3_600_000);
    assert.equal((await app.request('/api/whoami', { headers: { cookie } })).status, 401);
  });
});
