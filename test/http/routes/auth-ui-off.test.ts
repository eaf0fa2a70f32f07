// POST /login and POST /logout with `ui.enabled: false`: 404 like any unknown route (as in the
// Python Clauster), while API tokens keep working.
import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { describe, it } from 'node:test';
import { issueToken } from '../../../src/auth/api-tokens.js';
import {
  createPasswordApp,
  createTestClock,
  FAKE_PASSWORD,
  readSetCookie,
} from '../../support/auth-app.js';
import { ORIGIN, postLogin, useAuthRouteApps } from '../../support/auth-routes.js';

const { dir } = useAuthRouteApps();

async function uiOffApp() {
  const clock = createTestClock();
  const issued = await issueToken(dir.path, { label: 'ci' }, { fs: fsp, clock });
  assert.ok(issued.ok);
  const built = await createPasswordApp({
    stateDir: dir.path,
    config: { ui: { enabled: false } },
    clock,
  });
  return { ...built, token: issued.value.token };
}

describe('authRoutes() with ui.enabled: false', () => {
  it('POST /login answers 404 for the right password and sets no cookie', async () => {
    const { app } = await uiOffApp();
    const response = await app.request('/login', postLogin({ password: FAKE_PASSWORD }));
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), {
      error: { code: 'not-found', message: 'no such route' },
    });
    assert.equal(readSetCookie(response), null);
  });

  it('POST /logout answers 404 even with a valid API token, which keeps working', async () => {
    const { app, token } = await uiOffApp();
    const authorization = `Bearer ${token}`;
    const out = await app.request('/logout', {
      method: 'POST',
      headers: { authorization, origin: ORIGIN },
    });
    assert.equal(out.status, 404);
    const session = await app.request('/api/session', { headers: { authorization } });
    assert.equal(session.status, 200);
    assert.equal(((await session.json()) as { authenticated: boolean }).authenticated, true);
  });

  it('POST /login still answers with the UI on (the switch is what makes the 404)', async () => {
    const built = await createPasswordApp({ stateDir: dir.path });
    const response = await built.app.request('/login', postLogin({ password: FAKE_PASSWORD }));
    assert.equal(response.status, 200);
  });
});
