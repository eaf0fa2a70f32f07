import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAuthStatus } from '../../src/claude/auth-status.js';
import { authStatusJson } from '../support/fake-auth-spawn.js';

describe('parseAuthStatus()', () => {
  const cases: [string, string, number | null, boolean | null][] = [
    ['logged in, exit 0', authStatusJson(true), 0, true],
    ['logged out, exit 1', authStatusJson(false), 1, false],
    ['logged out, exit 0', authStatusJson(false), 0, false],
    ['logged in but exit 1 (inconsistent)', authStatusJson(true), 1, null],
    ['exit 2', authStatusJson(false), 2, null],
    ['killed (no exit code)', authStatusJson(true), null, null],
    ['no JSON at all', 'Not logged in. Run claude /login\n', 1, null],
    ['loggedIn not a boolean', '{"loggedIn":"yes"}', 0, null],
    ['a JSON array', '[true]', 0, null],
    ['a banner before the JSON', `Checking…\n${authStatusJson(true)}`, 0, true],
  ];
  for (const [title, stdout, exitCode, expected] of cases) {
    it(`parseAuthStatus() reads ${title} as ${expected}`, () => {
      const result = parseAuthStatus(stdout, exitCode);
      assert.equal(result.ok ? result.value.loggedIn : null, expected);
    });
  }

  it('parseAuthStatus() keeps short identifiers only, never personal fields', () => {
    const stdout = authStatusJson(true, { subscriptionType: 'max', authMethod: 'x'.repeat(80) });
    const result = parseAuthStatus(stdout, 0);
    assert.ok(result.ok);
    assert.deepEqual(result.value, {
      loggedIn: true,
      method: null,
      provider: 'firstParty',
      subscription: 'max',
    });
  });
});
