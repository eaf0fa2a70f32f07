import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  findEnvSource,
  nameEnvSources,
  nameEnvSourcesInWarnings,
} from '../../src/config/env-source.js';

describe('findEnvSource()', () => {
  const cases: Array<[string, Record<string, string>, string | null]> = [
    ['auth.password_hash', { CLAUSTER_AUTH_PASSWORD_HASH: 'x' }, 'CLAUSTER_AUTH_PASSWORD_HASH'],
    // The _FILE form wins when loading, so it is the one named.
    [
      'auth.password_hash',
      { CLAUSTER_AUTH_PASSWORD_HASH: 'x', CLAUSTER_AUTH_PASSWORD_HASH_FILE: '/f' },
      'CLAUSTER_AUTH_PASSWORD_HASH_FILE',
    ],
    [
      'auth.allowed_origins[1]',
      { CLAUSTER_AUTH_ALLOWED_ORIGINS: 'a,b' },
      'CLAUSTER_AUTH_ALLOWED_ORIGINS',
    ],
    ['host', { CLAUSTER_PORT: '1' }, null],
    ['host', {}, null],
    ['port (from CLAUSTER_PORT)', { CLAUSTER_PORT: 'x' }, null],
    ['(file)', { CLAUSTER_PORT: '1' }, null],
    ['projects.app.autostart', { CLAUSTER_PROJECTS_APP_AUTOSTART: 'true' }, null],
  ];
  for (const [path, env, expected] of cases) {
    it(`findEnvSource() gives ${expected} for ${path} with ${Object.keys(env).join(', ') || 'no env'}`, () => {
      assert.equal(findEnvSource(path, env), expected);
    });
  }
});

describe('nameEnvSources()', () => {
  it('nameEnvSources() suffixes only the paths an env variable set, never adding its value', () => {
    const env = { CLAUSTER_AUTH_PASSWORD_HASH: 'FAKE-not-a-hash' };
    const problems = [
      { path: 'auth.password_hash', expected: 'a PHC hash', found: '<redacted>' },
      { path: 'host', expected: 'loopback', found: 'the string "0.0.0.0"' },
    ];
    const named = nameEnvSources(problems, env);
    assert.deepEqual(
      named.map((p) => p.path),
      ['auth.password_hash (from CLAUSTER_AUTH_PASSWORD_HASH)', 'host'],
    );
    assert.equal(JSON.stringify(named).includes('FAKE-not-a-hash'), false);
  });
});

describe('nameEnvSourcesInWarnings()', () => {
  it('nameEnvSourcesInWarnings() names the variable after the leading key only', () => {
    const env = { CLAUSTER_AUTH_ENABLED: 'true', CLAUSTER_TLS_KEY_FILE: '/k.pem' };
    assert.deepEqual(
      nameEnvSourcesInWarnings(
        [
          'auth.enabled is true but no credential is configured',
          'tls.key_file: /k.pem is readable by group or others',
          'webhooks.enabled is true but webhooks.urls is empty',
          '(env) CLAUSTER_NOPE: not a config variable; ignored',
        ],
        env,
      ),
      [
        'auth.enabled (from CLAUSTER_AUTH_ENABLED) is true but no credential is configured',
        'tls.key_file (from CLAUSTER_TLS_KEY_FILE): /k.pem is readable by group or others',
        'webhooks.enabled is true but webhooks.urls is empty',
        '(env) CLAUSTER_NOPE: not a config variable; ignored',
      ],
    );
  });
});
