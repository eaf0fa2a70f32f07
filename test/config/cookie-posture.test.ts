/**
 * Password login over plain http on a network bind is warned about at startup, with the same
 * condition the doctor's `auth` row uses (config/cookie-posture.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideBind } from '../../src/config/bind-policy.js';
import { sendsCookieInClear } from '../../src/config/cookie-posture.js';
import { configSchema } from '../../src/config/schema.js';
import { validateConfig } from '../../src/config/validators.js';
import { createNodeDeps } from '../../src/system/node.js';
import type { Lookup } from '../../src/system/ports.js';
import { useTempDir } from '../support/temp.js';

const dir = useTempDir();
const STRONG = `$argon2id$v=19$m=65536,t=3,p=1$${'A'.repeat(22)}$${'B'.repeat(43)}`;
const PASSWORD_AUTH = { enabled: true, password_required: true, password_hash: STRONG };
const TLS = { cert_file: '/tls/cert.pem', key_file: '/tls/key.pem' };
const lookup: Lookup = async () => [{ address: '192.0.2.9', family: 4 }];

function parse(raw: Record<string, unknown>) {
  return configSchema.parse({ state_dir: `${dir.path}/.clauster`, ...raw });
}

async function inClear(raw: Record<string, unknown>): Promise<boolean> {
  const config = parse(raw);
  return sendsCookieInClear(config, await decideBind(config.host, config.auth, { lookup }));
}

async function warningsOf(raw: Record<string, unknown>): Promise<string[]> {
  const result = await validateConfig(parse(raw), {
    ...createNodeDeps({ HOME: dir.path }),
    lookup,
  });
  assert.deepEqual(result.problems, []);
  return result.warnings;
}

const PLAIN_HTTP = /the password and the session cookie can be read by anyone on the LAN/;

describe('sendsCookieInClear()', () => {
  it('sendsCookieInClear() is true on a network bind, cookie auto, no TLS and no trusted proxy', async () => {
    assert.equal(await inClear({ host: '0.0.0.0', auth: PASSWORD_AUTH }), true);
    assert.equal(await inClear({ host: 'nas.lan', auth: PASSWORD_AUTH }), true);
  });

  it('sendsCookieInClear() is false on loopback, with cookie always, native TLS or a trusted TLS proxy', async () => {
    const proxy = { ...PASSWORD_AUTH, reverse_proxy: { trusted_ips: ['192.0.2.1'] } };
    assert.equal(await inClear({ auth: PASSWORD_AUTH }), false);
    assert.equal(
      await inClear({ host: '0.0.0.0', auth: { ...PASSWORD_AUTH, cookie_secure: 'always' } }),
      false,
    );
    assert.equal(await inClear({ host: '0.0.0.0', auth: PASSWORD_AUTH, tls: TLS }), false);
    assert.equal(await inClear({ host: '0.0.0.0', auth: proxy }), false);
  });
});

describe('validateConfig() plain-http password warning', () => {
  it('validateConfig() warns about password login over plain http on a network bind, naming the fix', async () => {
    const warnings = await warningsOf({ host: '0.0.0.0', auth: PASSWORD_AUTH });
    const warning = warnings.find((line) => PLAIN_HTTP.test(line));
    assert.ok(warning, JSON.stringify(warnings));
    assert.match(
      warning,
      /^host "0\.0\.0\.0" is a network bind serving password login over plain http/,
    );
    assert.match(warning, /docs\/reverse-proxy\.md/);
    assert.match(warning, /tls\.cert_file/);
    assert.equal(warning.includes(STRONG), false);
  });

  it('validateConfig() does not warn without password login, on loopback or with https', async () => {
    const quiet: Array<Record<string, unknown>> = [
      { auth: PASSWORD_AUTH },
      { host: '0.0.0.0', auth: { enabled: true, api_token_hash: 'a'.repeat(64) } },
      { host: '0.0.0.0', auth: { ...PASSWORD_AUTH, cookie_secure: 'always' } },
      { host: '0.0.0.0', auth: { ...PASSWORD_AUTH, reverse_proxy: { trusted_ips: ['10.0.0.1'] } } },
    ];
    for (const raw of quiet) {
      const warnings = await warningsOf(raw);
      assert.equal(
        warnings.some((line) => PLAIN_HTTP.test(line)),
        false,
        JSON.stringify(raw),
      );
    }
  });
});
