import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { describeFound, formatProblems, isSecretPath } from '../../src/config/problems.js';

describe('isSecretPath()', () => {
  const cases: Array<[string, boolean]> = [
    ['auth.password_hash', true],
    ['auth.api_token_hash', true],
    ['auth.reverse_proxy.shared_secret', true],
    ['observability.metrics_token_hash', true],
    ['claude.env.ANTHROPIC_API_KEY', true],
    ['(env) CLAUSTER_AUTH_PASSWORD_HASH', true],
    ['auth.password_required', false],
    ['auth.session_secret_file', false],
    ['auth.reverse_proxy.shared_secret_header', false],
    ['host', false],
  ];
  for (const [path, expected] of cases) {
    it(`isSecretPath() says ${expected} for ${path}`, () =>
      assert.equal(isSecretPath(path), expected));
  }
});

describe('describeFound()', () => {
  it('describeFound() names types and quotes plain strings', () => {
    assert.equal(describeFound('7777', 'port'), 'the string "7777"');
    assert.equal(describeFound(false, 'auth.enabled'), 'boolean false');
    assert.equal(describeFound([1, 2], 'x'), 'a list of 2');
    assert.equal(describeFound(undefined, 'x'), 'nothing (missing)');
  });

  it('describeFound() never returns a secret value (property)', () => {
    const secretPaths = [
      'auth.password_hash',
      'auth.reverse_proxy.shared_secret',
      'auth.api_token_hash',
      'claude.env.X',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...secretPaths), fc.string({ minLength: 1 }), (path, value) => {
        return describeFound(value, path) === '<redacted>';
      }),
    );
  });
});

describe('formatProblems()', () => {
  it('formatProblems() prints one line per problem even when input holds newlines', () => {
    const text = formatProblems([
      { path: 'host', expected: 'a loopback host', found: describeFound('a\nb', 'host') },
      { path: 'port', expected: 'an integer', found: 'the string "x"' },
    ]);
    assert.equal(text.split('\n').length, 2);
    assert.match(text, /^port: expected an integer, found the string "x"$/m);
  });
});
