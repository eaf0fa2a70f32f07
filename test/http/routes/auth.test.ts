import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createAuthApp,
  createPasswordApp,
  createTestClock,
  FAKE_PASSWORD,
  loginCookie,
  peerEnv,
  readJson,
  readSetCookie,
} from '../../support/auth-app.js';
import { useTempDir } from '../../support/temp.js';

const ORIGIN = 'http://localhost:7621';
const dir = useTempDir();

function passwordApp(auth: Record<string, unknown> = {}, clock = createTestClock()) {
  return createPasswordApp({ stateDir: dir.path, auth, clock });
}

function postLogin(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers },
    body: JSON.stringify(body),
  };
}

describe('POST /login', () => {
  it('POST /login sets a session cookie with exactly Path=/, HttpOnly, SameSite=Strict, Max-Age', async () => {
    const { app } = await passwordApp();
    const response = await app.request('/login', postLogin({ password: FAKE_PASSWORD }));
    assert.equal(response.status, 200);
    assert.deepEqual(await readJson(response), { ok: true });
    const cookie = readSetCookie(response);
    assert.ok(cookie);
    assert.match(cookie.name, /^clauster_session_[0-9a-f]{8}$/);
    const attributes = cookie.raw.split('; ').slice(1).sort();
    assert.deepEqual(attributes, ['HttpOnly', 'Max-Age=604800', 'Path=/', 'SameSite=Strict']);
  });

  it('POST /login uses __Host- and Secure when cookie_secure is always', async () => {
    const { app } = await passwordApp({ cookie_secure: 'always' });
    const cookie = readSetCookie(
      await app.request('/login', postLogin({ password: FAKE_PASSWORD })),
    );
    assert.ok(cookie);
    assert.match(cookie.name, /^__Host-clauster_session_[0-9a-f]{8}$/);
    assert.deepEqual(cookie.raw.split('; ').slice(1).sort(), [
      'HttpOnly',
      'Max-Age=604800',
      'Path=/',
      'SameSite=Strict',
      'Secure',
    ]);
    assert.ok(!/domain/i.test(cookie.raw));
  });

  it('POST /login with cookie_secure auto is Secure over https and behind a trusted https proxy only', async () => {
    const { app } = await passwordApp({
      allowed_origins: ['https://dash.example.com'],
      reverse_proxy: { trusted_ips: ['10.0.0.0/24'] },
    });
    const https = await app.request(
      'https://dash.example.com/login',
      postLogin({ password: FAKE_PASSWORD }, { origin: 'https://dash.example.com' }),
    );
    assert.match(readSetCookie(https)?.raw ?? '', /^__Host-.*; Secure/);
    const proxied = postLogin({ password: FAKE_PASSWORD }, { 'x-forwarded-proto': 'https' });
    const viaTrusted = await app.request('/login', proxied, peerEnv('10.0.0.9'));
    assert.match(readSetCookie(viaTrusted)?.raw ?? '', /^__Host-.*; Secure/);
    const viaUntrusted = await app.request('/login', proxied, peerEnv('192.168.1.50'));
    const plain = readSetCookie(viaUntrusted);
    assert.ok(plain && !plain.name.startsWith('__Host-') && !plain.raw.includes('Secure'));
  });

  it('POST /login accepts a form body', async () => {
    const { app } = await passwordApp();
    const response = await app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      body: new URLSearchParams({ password: FAKE_PASSWORD }).toString(),
    });
    assert.equal(response.status, 200);
    assert.ok(readSetCookie(response));
  });

  it('POST /login answers 401 bad-credentials for a wrong password or unknown user, without a cookie or echo', async () => {
    const { app, logger } = await passwordApp();
    const wrong = `${FAKE_PASSWORD}-wrong`;
    for (const body of [{ password: wrong }, { password: FAKE_PASSWORD, username: 'root' }]) {
      const response = await app.request('/login', postLogin(body));
      assert.equal(response.status, 401);
      assert.equal(readSetCookie(response), null);
      const text = await response.text();
      assert.equal(JSON.parse(text).error.code, 'bad-credentials');
      assert.ok(!text.includes(wrong) && !text.includes(FAKE_PASSWORD));
    }
    assert.ok(logger.lines.every((line) => !line.includes(wrong) && !line.includes(FAKE_PASSWORD)));
  });

  it('POST /login refuses a password over 1024 bytes with 400 and a missing field with 400', async () => {
    const { app } = await passwordApp();
    const long = await app.request('/login', postLogin({ password: 'x'.repeat(1025) }));
    assert.equal(long.status, 400);
    assert.equal((await readJson(long)).error?.code, 'password-too-long');
    const missing = await app.request('/login', postLogin({ pass: 'x' }));
    assert.equal(missing.status, 400);
    const text = await app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: ORIGIN },
      body: 'password=x',
    });
    assert.equal(text.status, 415);
  });

  it('POST /login answers 429 with Retry-After after 5 failures, even for the right password, and recovers', async () => {
    const clock = createTestClock();
    const { app } = await passwordApp({}, clock);
    const env = peerEnv('192.168.1.77');
    for (let i = 0; i < 5; i += 1) {
      assert.equal((await app.request('/login', postLogin({ password: 'nope' }), env)).status, 401);
    }
    const throttled = await app.request('/login', postLogin({ password: FAKE_PASSWORD }), env);
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), '300');
    const body = await readJson(throttled);
    assert.deepEqual(body.error?.code, 'throttled');
    assert.equal(body.error?.retry_after_seconds, 300);
    assert.equal(readSetCookie(throttled), null);
    const otherClient = await app.request(
      '/login',
      postLogin({ password: FAKE_PASSWORD }),
      peerEnv('192.168.1.78'),
    );
    assert.equal(otherClient.status, 200);
    clock.advance(300_000);
    assert.equal(
      (await app.request('/login', postLogin({ password: FAKE_PASSWORD }), env)).status,
      200,
    );
  });

  it('POST /login answers 429 for everyone once 30 failures happened within an hour', async () => {
    const clock = createTestClock();
    const { app } = await passwordApp({}, clock);
    for (let i = 0; i < 30; i += 1) {
      const response = await app.request(
        '/login',
        postLogin({ password: 'nope' }),
        peerEnv(`10.1.${i}.1`),
      );
      assert.equal(response.status, 401);
    }
    const anyone = await app.request(
      '/login',
      postLogin({ password: FAKE_PASSWORD }),
      peerEnv('10.9.9.9'),
    );
    assert.equal(anyone.status, 429);
    assert.ok(Number(anyone.headers.get('retry-after')) > 0);
    clock.advance(3_600_000);
    assert.equal(
      (await app.request('/login', postLogin({ password: FAKE_PASSWORD }), peerEnv('10.9.9.9')))
        .status,
      200,
    );
  });

  it('POST /login answers 404 when password login is not enabled', async () => {
    const { app } = createAuthApp({ stateDir: dir.path });
    const response = await app.request('/login', postLogin({ password: FAKE_PASSWORD }));
    assert.equal(response.status, 404);
    assert.equal(readSetCookie(response), null);
  });
});

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
