// POST /login: the session cookie's attributes, accepted bodies, refusals and the login throttle.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createAuthApp,
  createTestClock,
  FAKE_PASSWORD,
  peerEnv,
  readJson,
  readSetCookie,
} from '../../support/auth-app.js';
import { ORIGIN, postLogin, useAuthRouteApps } from '../../support/auth-routes.js';

const { dir, passwordApp } = useAuthRouteApps();

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
