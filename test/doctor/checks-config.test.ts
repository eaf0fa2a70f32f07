import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideBind } from '../../src/config/bind-policy.js';
import { checkAuthRow, checkConfigRow } from '../../src/doctor/checks-config.js';
import type { Lookup } from '../../src/system/ports.js';
import { makeCheckContext, makeConfig } from '../support/doctor-context.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();

const TOKEN_HASH = 'a'.repeat(64);
const loopbackLookup: Lookup = async () => [{ address: '127.0.0.1', family: 4 }];

describe('checkConfigRow()', () => {
  it('checkConfigRow() is OK for a valid file', async () => {
    const row = await checkConfigRow(
      makeCheckContext({ home: home.path, input: { source: '/srv/clauster.yml' } }),
    );
    assert.equal(row.status, 'OK');
    assert.equal(row.fix, null);
    assert.match(row.detail, /\/srv\/clauster\.yml is valid/);
  });

  it('checkConfigRow() warns when running on defaults', async () => {
    const row = await checkConfigRow(
      makeCheckContext({ home: home.path, input: { source: null } }),
    );
    assert.equal(row.status, 'WARN');
    assert.match(
      row.detail,
      /^no config file found \(\.\/clauster\.yml, \$CLAUSTER_HOME\/clauster\.yml\)/,
    );
    assert.match(row.detail, /port 7621, state_dir ~\/\.clauster\), not your config file$/);
    assert.match(row.fix ?? '', /^pass -c PATH, or set CLAUSTER_CONFIG to your config file/);
  });

  it('checkConfigRow() fails naming key paths but never the offending value', async () => {
    const secret = `FAKE${'Z'.repeat(20)}`;
    const row = await checkConfigRow(
      makeCheckContext({
        home: home.path,
        raw: null,
        input: {
          problems: [
            {
              path: 'auth.password_hash',
              expected: 'an argon2id hash',
              found: `the string "${secret}"`,
            },
            { path: 'port', expected: 'an integer', found: `the string "${secret}"` },
          ],
        },
      }),
    );
    assert.equal(row.status, 'FAIL');
    assert.match(row.detail, /auth\.password_hash \(expected an argon2id hash\)/);
    assert.match(row.detail, /2 problems/);
    assert.equal(row.detail.includes(secret), false);
    assert.ok(row.fix);
  });

  it('checkConfigRow() fails when the config did not load', async () => {
    const row = await checkConfigRow(makeCheckContext({ home: home.path, raw: null }));
    assert.equal(row.status, 'FAIL');
  });

  it('checkConfigRow() is OK for the running server', async () => {
    const row = await checkConfigRow(
      makeCheckContext({ home: home.path, input: { source: null, fromServer: true } }),
    );
    assert.equal(row.status, 'OK');
  });
});

describe('checkAuthRow()', () => {
  const cases: [string, Record<string, unknown>, 'OK' | 'WARN' | 'FAIL', RegExp][] = [
    ['loopback, auth off', { host: '127.0.0.1' }, 'OK', /loopback bind 127\.0\.0\.1/],
    ['::1, auth off', { host: '::1' }, 'OK', /loopback/],
    ['0.0.0.0, no credential', { host: '0.0.0.0' }, 'FAIL', /refuses to start/],
    ['127.1 (not strict loopback), no credential', { host: '127.1' }, 'FAIL', /network bind/],
    [
      '0.0.0.0 with the opt-out',
      { host: '0.0.0.0', auth: { allow_unauthenticated_network: true } },
      'WARN',
      /without authentication/,
    ],
    [
      '0.0.0.0 with a token, cookie auto',
      { host: '0.0.0.0', auth: { enabled: true, api_token_hash: TOKEN_HASH } },
      'WARN',
      /without Secure/,
    ],
    [
      '0.0.0.0 with a token, cookie auto, native TLS',
      {
        host: '0.0.0.0',
        auth: { enabled: true, api_token_hash: TOKEN_HASH },
        tls: { cert_file: '/tls/cert.pem', key_file: '/tls/key.pem' },
      },
      'OK',
      /credentials: token/,
    ],
    [
      '0.0.0.0 with a token, cookie auto, a trusted TLS proxy',
      {
        host: '0.0.0.0',
        auth: {
          enabled: true,
          api_token_hash: TOKEN_HASH,
          reverse_proxy: { trusted_ips: ['192.0.2.1'] },
        },
      },
      'OK',
      /credentials: token/,
    ],
    [
      '0.0.0.0 with a token, cookie always',
      {
        host: '0.0.0.0',
        auth: { enabled: true, api_token_hash: TOKEN_HASH, cookie_secure: 'always' },
      },
      'OK',
      /credentials: token/,
    ],
    [
      '0.0.0.0 with a token, cookie never',
      {
        host: '0.0.0.0',
        auth: { enabled: true, api_token_hash: TOKEN_HASH, cookie_secure: 'never' },
      },
      'FAIL',
      /cookie_secure: never/,
    ],
  ];
  for (const [name, raw, status, detail] of cases) {
    it(`checkAuthRow() says ${status} for ${name}`, async () => {
      const ctx = makeCheckContext({ home: home.path, raw, deps: { lookup: loopbackLookup } });
      const row = await checkAuthRow(ctx);
      assert.equal(row.status, status);
      assert.match(row.detail, detail);
      assert.equal(row.detail.includes(TOKEN_HASH), false);
      // Same verdict as the server's bind policy.
      const config = makeConfig(home.path, raw);
      const bind = await decideBind(config.host, config.auth, { lookup: loopbackLookup });
      if (!bind.allowed) assert.equal(row.status, 'FAIL');
      if (bind.optedOut) assert.equal(row.status, 'WARN');
    });
  }

  it('checkAuthRow() treats localhost that resolves off-loopback as a network bind', async () => {
    const lookup: Lookup = async () => [{ address: '192.0.2.7', family: 4 }];
    const row = await checkAuthRow(
      makeCheckContext({ home: home.path, raw: { host: 'localhost' }, deps: { lookup } }),
    );
    assert.equal(row.status, 'FAIL');
  });

  it('checkAuthRow() is not checked without a config', async () => {
    const row = await checkAuthRow(makeCheckContext({ home: home.path, raw: null }));
    assert.equal(row.status, 'WARN');
    assert.match(row.detail, /not checked/);
  });
});
