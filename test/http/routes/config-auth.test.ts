// PUT /api/config behind password auth: 401 without a session, 403 cross-origin, and the
// step-up (a login older than 10 minutes must enter the password again: 403 reauth-required).
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RENEW_AFTER_SECONDS } from '../../../src/auth/sessions.js';
import { REAUTH_WINDOW_MS } from '../../../src/http/recent-login.js';
import { loginCookie, readJson, readSetCookie } from '../../support/auth-app.js';
import { ORIGIN, useAuthRouteApps } from '../../support/auth-routes.js';

const { dir, passwordApp } = useAuthRouteApps();

async function setup() {
  const built = await passwordApp();
  const path = join(dir.path, 'clauster.yml');
  await writeFile(path, `state_dir: ${dir.path}\n`);
  built.ctx.configSource = { path, cwd: dir.path };
  const put = (headers: Record<string, string>, base: string) =>
    built.app.request('/api/config', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ base_sha256: base, changes: { log_level: 'warn' } }),
    });
  const sha = async (cookie: string) =>
    String(
      (await readJson(await built.app.request('/api/config', { headers: { cookie } }))).sha256,
    );
  return { ...built, path, put, sha };
}

describe('PUT /api/config auth', () => {
  it('answers 401 without credentials, for GET and PUT', async () => {
    const { app, put, path } = await setup();
    assert.equal((await app.request('/api/config')).status, 401);
    assert.equal((await put({ origin: ORIGIN }, '0'.repeat(64))).status, 401);
    assert.doesNotMatch(await readFile(path, 'utf8'), /log_level/);
  });

  it('answers 403 to a cross-origin PUT', async () => {
    const { app, put, sha, path } = await setup();
    const cookie = await loginCookie(app);
    const response = await put({ cookie, origin: 'http://evil.test' }, await sha(cookie));
    assert.equal(response.status, 403);
    assert.doesNotMatch(await readFile(path, 'utf8'), /log_level/);
  });

  it('saves within 10 minutes of login, asks for the password again after', async () => {
    const { app, put, sha, path, clock } = await setup();
    const cookie = await loginCookie(app);
    clock.advance(REAUTH_WINDOW_MS - 1000);
    const saved = await put({ cookie, origin: ORIGIN }, await sha(cookie));
    assert.equal(saved.status, 200);
    assert.match(await readFile(path, 'utf8'), /log_level: warn/);
    clock.advance(2000);
    const stale = await put({ cookie, origin: ORIGIN }, await sha(cookie));
    assert.equal(stale.status, 403);
    assert.equal((await readJson(stale)).error?.code, 'reauth-required');
    const fresh = await loginCookie(app);
    assert.equal((await put({ cookie: fresh, origin: ORIGIN }, await sha(fresh))).status, 200);
  });

  it('measures the 10 minutes from the login, not from a renewed cookie', async () => {
    const { app, put, sha, clock } = await setup();
    const first = await loginCookie(app);
    clock.advance((RENEW_AFTER_SECONDS + 1) * 1000);
    const renewal = readSetCookie(await app.request('/api/config', { headers: { cookie: first } }));
    assert.ok(renewal !== null, 'the GET renews the session cookie');
    const renewed = `${renewal.name}=${renewal.value}`;
    assert.notEqual(renewed, first);
    assert.equal((await put({ cookie: renewed, origin: ORIGIN }, await sha(renewed))).status, 200);
    // Past the window after the login, within it after the renewal.
    clock.advance(REAUTH_WINDOW_MS - RENEW_AFTER_SECONDS * 1000 + 2000);
    const stale = await put({ cookie: renewed, origin: ORIGIN }, await sha(renewed));
    assert.equal(stale.status, 403);
    assert.equal((await readJson(stale)).error?.code, 'reauth-required');
  });
});
