import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { describe, it } from 'node:test';
import {
  type ClaudeLogin,
  createClaudeLoginProbe,
  formatClaudeLogin,
} from '../../src/claude/auth-probe.js';
import { createTestClock, type TestClock } from '../support/auth-app.js';
import {
  type AuthAnswer,
  authStatusJson,
  createFakeAuthSpawn,
} from '../support/fake-auth-spawn.js';
import { FAKE_CLAUDE_PATH, waitFor } from '../support/fake-claude.js';

const ENV = { PATH: '/usr/bin:/bin', HOME: '/nonexistent/fake-home' };
const LOGGED_IN = { stdout: authStatusJson(true), exitCode: 0 };
const LOGGED_OUT = { stdout: authStatusJson(false), exitCode: 1 };

function setup(
  next: (index: number) => AuthAnswer,
  options: { timeoutMs?: number; onChange?: (login: ClaudeLogin) => void } = {},
) {
  const fake = createFakeAuthSpawn(next);
  const clock: TestClock = createTestClock();
  const probe = createClaudeLoginProbe(
    { binary: FAKE_CLAUDE_PATH, env: ENV, ...options },
    { spawn: fake.spawn, fs: fsp, clock },
  );
  return { probe, clock, calls: fake.calls };
}

describe('createClaudeLoginProbe()', () => {
  it('createClaudeLoginProbe() reads a login as logged in, without the e-mail', async () => {
    const { probe, calls } = setup(() => LOGGED_IN);
    const login = await probe.read();
    assert.equal(login.loggedIn, true);
    assert.equal(login.method, 'claude.ai');
    assert.equal(login.reason, null);
    assert.deepEqual(calls[0]?.args, ['auth', 'status']);
    assert.equal(calls[0]?.file, FAKE_CLAUDE_PATH);
    assert.deepEqual(calls[0]?.env, ENV, 'the bridge environment, nothing else');
    const json = JSON.stringify(formatClaudeLogin(login));
    assert.ok(!json.includes('example.invalid') && !json.includes('Fake Org'), json);
    assert.match(String(formatClaudeLogin(login).checked_at), /^\d{4}-\d\d-\d\dT/);
  });

  it('createClaudeLoginProbe() reads exit 1 with loggedIn:false as logged out', async () => {
    const { probe, clock } = setup(() => LOGGED_OUT);
    const login = await probe.read();
    assert.deepEqual(formatClaudeLogin(login), {
      logged_in: false,
      method: null,
      provider: 'firstParty',
      subscription: null,
      checked_at: new Date(clock.now()).toISOString(),
      reason: null,
    });
  });

  it('createClaudeLoginProbe() answers unknown for garbage output, never echoing it', async () => {
    const secret = `sk-ant-${'FAKE'.repeat(8)}`;
    const { probe } = setup(() => ({ stdout: `oops ${secret} {not json`, exitCode: 0 }));
    const login = await probe.read();
    assert.equal(login.loggedIn, null);
    assert.match(login.reason ?? '', /no status JSON/);
    assert.ok(!JSON.stringify(formatClaudeLogin(login)).includes(secret));
  });

  it('createClaudeLoginProbe() answers unknown after the timeout and aborts the child', async () => {
    const { probe, calls } = setup(() => ({ hang: true }), { timeoutMs: 50 });
    const started = Date.now();
    const login = await probe.read();
    assert.equal(login.loggedIn, null);
    assert.match(login.reason ?? '', /within 50 ms/);
    assert.ok(Date.now() - started < 5000);
    assert.equal(calls[0]?.aborted(), true, 'the hung child is killed');
  });

  it('createClaudeLoginProbe() answers unknown (never throws) for spawn failures', async () => {
    for (const answer of [{ spawnError: 'EACCES' }, { throws: true }] as AuthAnswer[]) {
      const { probe } = setup(() => answer);
      const login = await probe.read();
      assert.equal(login.loggedIn, null);
      assert.ok(login.reason);
    }
    const missing = createClaudeLoginProbe(
      { binary: 'no-such-claude-binary', env: ENV },
      { spawn: createFakeAuthSpawn(() => LOGGED_IN).spawn, fs: fsp, clock: createTestClock() },
    );
    assert.match((await missing.read()).reason ?? '', /not found/);
  });

  it('createClaudeLoginProbe() runs one probe for concurrent callers', async () => {
    const { probe, calls } = setup(() => ({ ...LOGGED_IN, delayMs: 30 }));
    const answers = await Promise.all([probe.read(), probe.read(), probe.read()]);
    assert.equal(calls.length, 1);
    assert.ok(answers.every((login) => login === answers[0]));
  });

  it('createClaudeLoginProbe() caches a login for 60 s, then refreshes in the background', async () => {
    let answer: AuthAnswer = LOGGED_IN;
    const changes: (boolean | null)[] = [];
    const { probe, clock, calls } = setup(() => answer, {
      onChange: (login) => changes.push(login.loggedIn),
    });
    assert.equal((await probe.read()).loggedIn, true);
    answer = LOGGED_OUT;
    clock.advance(59_000);
    assert.equal((await probe.read()).loggedIn, true, 'fresh: no new probe');
    assert.equal(calls.length, 1);
    clock.advance(1_000);
    assert.equal((await probe.read()).loggedIn, true, 'stale: served at once');
    await waitFor(() => probe.peek()?.loggedIn === false, 5000, 5);
    assert.equal(calls.length, 2);
    assert.deepEqual(changes, [true, false]);
  });

  it('createClaudeLoginProbe() re-checks an unknown or logged-out answer after 15 s', async () => {
    let answer: AuthAnswer = { stdout: 'garbage', exitCode: 0 };
    const { probe, clock, calls } = setup(() => answer);
    assert.equal((await probe.read()).loggedIn, null);
    answer = LOGGED_IN;
    clock.advance(14_000);
    await probe.read();
    assert.equal(calls.length, 1);
    clock.advance(1_000);
    await probe.read();
    await waitFor(() => probe.peek()?.loggedIn === true, 5000, 5);
    assert.equal(calls.length, 2);
  });

  it('createClaudeLoginProbe() invalidate() re-probes at once and reports only changes', async () => {
    let answer: AuthAnswer = LOGGED_IN;
    const changes: (boolean | null)[] = [];
    const { probe, calls } = setup(() => answer, {
      onChange: (login) => changes.push(login.loggedIn),
    });
    await probe.read();
    probe.invalidate();
    await waitFor(() => calls.length === 2, 5000, 5);
    // The second probe may still be running: invalidating now must still re-probe after it.
    answer = LOGGED_OUT;
    probe.invalidate();
    await waitFor(() => probe.peek()?.loggedIn === false, 5000, 5);
    assert.equal(calls.length, 3);
    assert.deepEqual(changes, [true, false], 'the unchanged re-probe is not reported');
  });

  it('createClaudeLoginProbe() invalidate() during a probe runs one more after it', async () => {
    let answer: AuthAnswer = { ...LOGGED_IN, delayMs: 50 };
    const { probe, calls } = setup(() => answer);
    const first = probe.read();
    await waitFor(() => calls.length === 1, 5000, 5);
    // The operator logs out while the first probe (started before that) is still running.
    answer = LOGGED_OUT;
    probe.invalidate();
    probe.invalidate();
    assert.equal((await first).loggedIn, true);
    await waitFor(() => probe.peek()?.loggedIn === false, 5000, 5);
    assert.equal(calls.length, 2, 'one more probe, however often it was invalidated');
  });
});
