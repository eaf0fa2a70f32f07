import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { issueToken } from '../../../src/auth/api-tokens.js';
import type { Bridge } from '../../../src/bridges/record.js';
import type { Supervisor } from '../../../src/bridges/supervisor.js';
import { createApp } from '../../../src/http/app.js';
import type { AppContext } from '../../../src/http/context.js';
import { countBridgesByStatus } from '../../../src/http/routes/health.js';
import { createTestContext } from '../../support/app-context.js';
import { createAuthApp, createTestClock, passwordAuthConfig } from '../../support/auth-app.js';
import { FAKE_CLAUDE_PATH, prepareClaudeHome } from '../../support/fake-claude.js';
import { useTempDir } from '../../support/temp.js';

const home = useTempDir();

const BRIDGES = [
  { id: 'br-aaaaaaaaaaaa', status: 'running' },
  { id: 'br-bbbbbbbbbbbb', status: 'running' },
  { id: 'br-cccccccccccc', status: 'crashed' },
] as Bridge[];
const COUNTS = { starting: 0, running: 2, stopped: 0, crashed: 1, error: 0 };

function withWorld(ctx: AppContext): AppContext {
  ctx.supervisor = { list: () => BRIDGES } as unknown as Supervisor;
  // The fake claude is `#!/usr/bin/env node`: it needs a PATH that has node.
  ctx.deps = { ...ctx.deps, env: { ...ctx.deps.env, PATH: process.env.PATH ?? '/usr/bin:/bin' } };
  return ctx;
}

describe('countBridgesByStatus()', () => {
  it('countBridgesByStatus() lists every status, 0 when none', () => {
    assert.deepEqual(countBridgesByStatus([]), {
      starting: 0,
      running: 0,
      stopped: 0,
      crashed: 0,
      error: 0,
    });
    assert.deepEqual(countBridgesByStatus(BRIDGES), COUNTS);
  });
});

describe('healthRoutes()', () => {
  it('healthRoutes() GET /healthz says only {"status":"ok"} to an unauthenticated caller', async () => {
    const auth = await passwordAuthConfig();
    const { app, ctx } = createAuthApp({
      stateDir: home.path,
      config: { auth, claude: { binary: FAKE_CLAUDE_PATH } },
    });
    withWorld(ctx);
    const response = await app.request('/healthz');
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '{"status":"ok"}');
    assert.equal((await app.request('/api/widget')).status, 401);
  });

  it('healthRoutes() GET /healthz adds version, started_at, claude_version, claude_login and bridges when auth is off', async () => {
    const ctx = withWorld(
      createTestContext({ home: home.path, raw: { claude: { binary: FAKE_CLAUDE_PATH } } }),
    );
    const response = await createApp(ctx).request('/healthz');
    assert.equal(response.status, 200);
    const body = (await response.json()) as Record<string, unknown>;
    assert.deepEqual(body, {
      status: 'ok',
      version: '0.0.0-test',
      started_at: body.started_at,
      claude_version: '2.1.197',
      // The temp HOME has no credentials: the fake's `auth status` exits 1 with loggedIn:false.
      claude_login: {
        logged_in: false,
        method: null,
        provider: 'firstParty',
        subscription: null,
        checked_at: (body.claude_login as { checked_at: string }).checked_at,
        reason: null,
      },
      bridges: COUNTS,
    });
    assert.match((body.claude_login as { checked_at: string }).checked_at, /^\d{4}-\d\d-\d\dT/);
  });

  it('healthRoutes() GET /healthz started_at is when the dashboard started, not the request time', async () => {
    const clock = createTestClock(Date.UTC(2030, 0, 2, 3, 4, 5));
    const { app, ctx } = createAuthApp({
      stateDir: home.path,
      clock,
      config: { claude: { binary: 'missing-claude' } },
    });
    withWorld(ctx);
    clock.advance(90_000);
    const body = (await (await app.request('/healthz')).json()) as Record<string, unknown>;
    assert.equal(body.started_at, '2030-01-02T03:04:05.000Z');
  });

  it('healthRoutes() GET /healthz reports a login to an authenticated caller only', async () => {
    const loginHome = join(home.path, 'logged-in');
    await prepareClaudeHome(loginHome);
    const auth = await passwordAuthConfig();
    const { app, ctx } = createAuthApp({
      stateDir: loginHome,
      config: { auth, claude: { binary: FAKE_CLAUDE_PATH } },
    });
    withWorld(ctx);
    assert.equal(await (await app.request('/healthz')).text(), '{"status":"ok"}');
    const token = await issueToken(loginHome, { label: 'monitor' }, ctx.deps);
    assert.ok(token.ok);
    const headers = { authorization: `Bearer ${token.value.token}` };
    const text = await (await app.request('/healthz', { headers })).text();
    const login = (JSON.parse(text) as { claude_login: Record<string, unknown> }).claude_login;
    assert.equal(login.logged_in, true);
    assert.equal(login.method, 'claude.ai');
    assert.ok(!/fake-access-token|fake-refresh-token|accessToken/.test(text), text);
  });

  it('healthRoutes() GET /healthz adds the details for a bearer token when auth is on', async () => {
    const { app, ctx } = createAuthApp({
      stateDir: home.path,
      config: {
        auth: { enabled: true, api_token_hash: null },
        claude: { binary: 'missing-claude' },
      },
    });
    withWorld(ctx);
    const issued = await issueToken(home.path, { label: 'widget' }, ctx.deps);
    assert.ok(issued.ok);
    const headers = { authorization: `Bearer ${issued.value.token}` };
    const body = (await (await app.request('/healthz', { headers })).json()) as Record<
      string,
      unknown
    >;
    assert.equal(body.version, '0.0.0-test');
    assert.equal(body.claude_version, null, 'a missing claude is null, not an error');
    const login = body.claude_login as Record<string, unknown>;
    assert.equal(login.logged_in, null, 'a missing claude is an unknown login');
    assert.match(String(login.reason), /not found/);
    assert.deepEqual(body.bridges, COUNTS);
  });

  it('healthRoutes() GET /api/widget summarises projects and bridges', async () => {
    const projectsRoot = join(home.path, 'code');
    for (const name of ['alpha', 'beta', 'gamma'])
      await mkdir(join(projectsRoot, name), { recursive: true });
    const ctx = withWorld(
      createTestContext({ home: home.path, raw: { projects_root: projectsRoot } }),
    );
    const response = await createApp(ctx).request('/api/widget');
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      projects_total: 3,
      bridges: COUNTS,
      running_total: 2,
      version: '0.0.0-test',
    });
  });
});
