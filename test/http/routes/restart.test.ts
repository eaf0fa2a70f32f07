// POST /api/restart behind password auth (no socket): 401/403 gates, the 10-minute step-up of
// the Settings save, 409 without a supervisor or while clone jobs run, 202 with one audit entry
// and one log line (the close begins only after the answer; a failed audit write restarts
// nothing), and `restart_available` in GET /api/config for the Settings page.
import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { describe, it } from 'node:test';
import { issueToken } from '../../../src/auth/api-tokens.js';
import { REAUTH_WINDOW_MS } from '../../../src/http/recent-login.js';
import { createRestartControl } from '../../../src/ops/dashboard-restart.js';
import { readAuditEntries } from '../../support/audit-log.js';
import { createTestClock, loginCookie, readJson } from '../../support/auth-app.js';
import { ORIGIN, useAuthRouteApps } from '../../support/auth-routes.js';

const { dir, passwordApp } = useAuthRouteApps();

async function setup(
  options: { available?: boolean; cloneJobs?: number; beginFallbackMs?: number } = {},
) {
  const clock = createTestClock();
  const built = await passwordApp({}, clock);
  // Every close the route began (the control runs at most one per claim).
  const deferred: string[] = [];
  built.ctx.restart = createRestartControl(
    {
      available: options.available ?? true,
      activeCloneJobs: () => options.cloneJobs ?? 0,
      shutdown: async () => {
        deferred.push('close');
      },
      exit: () => {},
      ...(options.beginFallbackMs === undefined
        ? {}
        : { beginFallbackMs: options.beginFallbackMs }),
    },
    { logger: built.logger },
  );
  // Answers, then lets a close the route scheduled after its answer run.
  const post = async (headers: Record<string, string>, body?: string) => {
    const response = await built.app.request('/api/restart', {
      method: 'POST',
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body }),
    });
    await new Promise((resolve) => setImmediate(resolve));
    return response;
  };
  return { ...built, deferred, post };
}

describe('restartRoutes() POST /api/restart', () => {
  it('answers 401 without credentials and 403 cross-origin; nothing starts', async () => {
    const { app, post, deferred } = await setup();
    assert.equal((await post({ origin: ORIGIN })).status, 401);
    const cookie = await loginCookie(app);
    const cross = await post({ cookie, origin: 'http://evil.test' });
    assert.equal(cross.status, 403);
    assert.equal(deferred.length, 0);
  });

  it('answers 202 {restarting: true}, audits and logs the identity kind once', async () => {
    const { app, post, deferred, logger } = await setup();
    const cookie = await loginCookie(app);
    const response = await post({ cookie, origin: ORIGIN });
    assert.equal(response.status, 202);
    assert.deepEqual(await response.json(), { restarting: true });
    assert.equal(deferred.length, 1, 'the close began after the answer');
    // A second request (a double click) gets the same answer and starts nothing new.
    const again = await post({ cookie, origin: ORIGIN }, '{}');
    assert.equal(again.status, 202);
    assert.equal(deferred.length, 1);
    const audited = (await readAuditEntries(dir.path)).filter(
      (e) => e.action === 'dashboard.restart',
    );
    assert.deepEqual(
      audited.map((e) => e.by),
      ['session'],
    );
    const lines = logger.lines.filter((line) => line.includes('restart requested'));
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /^info restart requested by session /);
    assert.ok(!lines[0]?.includes(cookie.split('=')[1] ?? '-'), 'no cookie value in the log');
  });

  it('answers 409 restart-unsupported naming the variable when no supervisor restarts it', async () => {
    const { app, post, deferred, ctx } = await setup({ available: false });
    const cookie = await loginCookie(app);
    const response = await post({ cookie, origin: ORIGIN });
    assert.equal(response.status, 409);
    const error = (await readJson(response)).error;
    assert.equal(error?.code, 'restart-unsupported');
    assert.match(String(error?.message), /CLAUSTER_RESTART_ON_EXIT=1.*install-service/);
    assert.equal(deferred.length, 0);
    delete ctx.restart;
    const absent = await post({ cookie, origin: ORIGIN });
    assert.equal((await readJson(absent)).error?.code, 'restart-unsupported');
  });

  it('answers 409 clone-jobs-running with the count while clone jobs run', async () => {
    const { app, post, deferred } = await setup({ cloneJobs: 2 });
    const cookie = await loginCookie(app);
    const response = await post({ cookie, origin: ORIGIN });
    assert.equal(response.status, 409);
    const error = (await readJson(response)).error;
    assert.equal(error?.code, 'clone-jobs-running');
    assert.match(String(error?.message), /2 clone jobs are still running.*retry/);
    assert.equal(deferred.length, 0);
    const actions = (await readAuditEntries(dir.path)).map((entry) => entry.action);
    assert.ok(!actions.includes('dashboard.restart'), 'a refusal is not audited as a restart');
  });

  it('asks for the password again after 10 minutes, like the Settings save', async () => {
    const { app, post, deferred, clock } = await setup();
    const cookie = await loginCookie(app);
    clock.advance(REAUTH_WINDOW_MS + 1000);
    const stale = await post({ cookie, origin: ORIGIN });
    assert.equal(stale.status, 403);
    assert.equal((await readJson(stale)).error?.code, 'reauth-required');
    assert.match(
      String((await readJson(await post({ cookie, origin: ORIGIN }))).error?.message),
      /restart clauster/,
    );
    assert.equal(deferred.length, 0);
    const fresh = await loginCookie(app);
    assert.equal((await post({ cookie: fresh, origin: ORIGIN })).status, 202);
  });

  it('takes an API token without a step-up, as PUT /api/config does', async () => {
    const { post, deferred, clock } = await setup();
    const issued = await issueToken(dir.path, { label: 'ops' }, { fs: fsp, clock });
    assert.ok(issued.ok);
    clock.advance(REAUTH_WINDOW_MS * 3);
    const response = await post({ authorization: `Bearer ${issued.value.token}` });
    assert.equal(response.status, 202);
    assert.equal(deferred.length, 1);
  });

  it('never lets the begin fallback restart while the audit entry is still being written', async () => {
    const { app, post, deferred, ctx } = await setup({ beginFallbackMs: 20 });
    const cookie = await loginCookie(app);
    const audit = ctx.audit;
    let written = (): void => {};
    ctx.audit = {
      append: async (entry) => {
        await new Promise<void>((resolve) => (written = resolve));
        await audit.append(entry);
      },
    };
    const pending = post({ cookie, origin: ORIGIN });
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal(deferred.length, 0, 'a slow audit write: nothing begins, the fallback included');
    written();
    assert.equal((await pending).status, 202);
    assert.equal(deferred.length, 1, 'audited, answered, then closed');
  });

  it('restarts nothing and keeps no claim when the audit entry cannot be written', async () => {
    const { app, post, deferred, ctx } = await setup();
    const cookie = await loginCookie(app);
    const audit = ctx.audit;
    ctx.audit = {
      append: async () => {
        throw new Error('disk full');
      },
    };
    const failed = await post({ cookie, origin: ORIGIN });
    assert.equal(failed.status, 500);
    assert.equal(deferred.length, 0, 'no audit entry, no restart');
    ctx.audit = audit;
    const retried = await post({ cookie, origin: ORIGIN });
    assert.equal(retried.status, 202);
    assert.equal(deferred.length, 1, 'the claim was given back: the retry restarts');
  });

  it('refuses a body with fields (400) and starts nothing', async () => {
    const { app, post, deferred } = await setup();
    const cookie = await loginCookie(app);
    const response = await post({ cookie, origin: ORIGIN }, '{"force":true}');
    assert.equal(response.status, 400);
    assert.match(String((await readJson(response)).error?.message), /"force": unknown field/);
    assert.equal(deferred.length, 0);
  });
});

describe('configRoutes() GET /api/config restart_available', () => {
  it('says whether the Restart button can work', async () => {
    for (const available of [true, false]) {
      const { app } = await setup({ available });
      const cookie = await loginCookie(app);
      const body = await readJson(await app.request('/api/config', { headers: { cookie } }));
      assert.equal(body.restart_available, available);
    }
  });
});
