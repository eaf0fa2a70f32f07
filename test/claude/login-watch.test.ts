import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { describe, it } from 'node:test';
import { createClaudeLoginWatch, isLoginSignal } from '../../src/claude/login-watch.js';
import { type ClausterEvent, createEventBus } from '../../src/events/bus.js';
import { createTestClock } from '../support/auth-app.js';
import {
  type AuthAnswer,
  authStatusJson,
  createFakeAuthSpawn,
} from '../support/fake-auth-spawn.js';
import { FAKE_CLAUDE_PATH, waitFor } from '../support/fake-claude.js';

const NOT_LOGGED_IN =
  'Error: You must be logged in to use Remote Control. Please use `/login` to sign in.';

function bridgeEvent(to: string, reason: string | null = null): ClausterEvent {
  return {
    type: 'bridge',
    bridge: { id: 'br-aaaaaaaaaaaa', status: to, reason },
    from: 'starting',
    to,
  };
}

describe('isLoginSignal()', () => {
  const cases: [string, ClausterEvent, boolean | null, boolean][] = [
    [
      'a crash with the not-logged-in gate error',
      bridgeEvent('crashed', NOT_LOGGED_IN),
      true,
      true,
    ],
    [
      'a crash asking for `claude auth login`',
      bridgeEvent('crashed', 'Run `claude auth login`'),
      true,
      true,
    ],
    [
      'a crash for another reason',
      bridgeEvent('crashed', 'Error: getaddrinfo ENOTFOUND'),
      true,
      false,
    ],
    ['an alive but unregistered bridge', bridgeEvent('error', 'no URL within 30 s'), true, true],
    ['running while known logged out', bridgeEvent('running'), false, true],
    ['running while known logged in', bridgeEvent('running'), true, false],
    ['a stop', bridgeEvent('stopped'), true, false],
    ['a warning', { type: 'warning', code: 'x', message: 'logged in' }, true, false],
  ];
  for (const [title, event, known, expected] of cases) {
    it(`isLoginSignal() says ${expected} for ${title}`, () => {
      assert.equal(isLoginSignal(event, known), expected);
    });
  }
});

describe('createClaudeLoginWatch()', () => {
  it('createClaudeLoginWatch() publishes changes and re-probes after a login crash', async () => {
    let answer: AuthAnswer = { stdout: authStatusJson(true), exitCode: 0 };
    const fake = createFakeAuthSpawn(() => answer);
    const bus = createEventBus();
    const published: ClausterEvent[] = [];
    bus.subscribe((event) => {
      if (event.type === 'claude-login') published.push(event);
    });
    const probe = createClaudeLoginWatch(
      { binary: FAKE_CLAUDE_PATH, env: { PATH: '/usr/bin:/bin' } },
      { spawn: fake.spawn, fs: fsp, clock: createTestClock(), bus },
    );
    // Nothing probed yet (no one has asked): bridge events cost no probe.
    bus.publish(bridgeEvent('running', null));
    bus.publish(bridgeEvent('crashed', NOT_LOGGED_IN));
    assert.equal(fake.calls.length, 0, 'no probe before the first read');
    assert.equal((await probe.read()).loggedIn, true);
    assert.equal(published.length, 1);

    bus.publish(bridgeEvent('crashed', 'Error: getaddrinfo ENOTFOUND api.anthropic.com'));
    assert.equal(fake.calls.length, 1, 'an unrelated crash does not re-probe');

    answer = { stdout: authStatusJson(false), exitCode: 1 };
    bus.publish(bridgeEvent('crashed', NOT_LOGGED_IN));
    await waitFor(() => published.length === 2, 5000, 5);
    assert.equal(fake.calls.length, 2);
    const last = published[1];
    assert.ok(last?.type === 'claude-login');
    assert.equal(last.login.logged_in, false);

    probe.close();
    bus.publish(bridgeEvent('crashed', NOT_LOGGED_IN));
    assert.equal(fake.calls.length, 2, 'closed: no longer listening');
  });
});
