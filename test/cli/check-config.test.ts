import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { createTestIo } from '../support/cli-io.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();

const FAKE_HASH = `$argon2id$v=19$m=1024,t=1,p=1$${'A'.repeat(22)}$${'B'.repeat(43)}`;

describe('runCheckConfig()', () => {
  it('runCheckConfig() accepts the defaults and exits 0', async () => {
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['check-config'], t.io), 0);
    assert.match(
      t.stdout(),
      /config ok: no config file \(defaults\); loopback bind 127\.0\.0\.1 port 7621/,
    );
  });

  it('runCheckConfig() refuses a config file that is a FIFO (exit 2) without opening it', {
    timeout: 10_000,
  }, async () => {
    const path = join(home.path, 'fifo.yml');
    execFileSync('mkfifo', [path]);
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['check-config', '--config', path], t.io), 2);
    assert.match(t.stderr(), /expected a regular config file, found something else at .*fifo\.yml/);
  });

  it('runCheckConfig() refuses a FIFO at state_dir/session.secret while auth is on (exit 2)', {
    timeout: 10_000,
  }, async () => {
    const state = join(home.path, 'state');
    await mkdir(state);
    execFileSync('mkfifo', [join(state, 'session.secret')]);
    execFileSync('mkfifo', [join(state, 'bridges.json')]);
    const path = join(home.path, 'c.yml');
    const hash = FAKE_HASH.replace('m=1024,t=1', 'm=19456,t=2');
    await writeFile(
      path,
      `state_dir: ${JSON.stringify(state)}\nauth:\n  enabled: true\n  password_hash: "${hash}"\n`,
    );
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['check-config', '--config', path], t.io), 2);
    assert.match(
      t.stderr(),
      /state_dir: expected a regular file .*found .*session\.secret is not a regular file \(a FIFO\? a device\?\)/,
    );
  });

  it('runCheckConfig() prints one line per problem, exits 2 and never echoes the hash', async () => {
    const path = join(home.path, 'c.yml');
    await writeFile(
      path,
      `host: 0.0.0.0\nauth:\n  password_hash: "${FAKE_HASH}"\n  cookie_secure: never\n`,
    );
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['check-config', '--config', path], t.io), 2);
    const lines = t.stderr().trim().split('\n');
    assert.deepEqual(
      lines.map((l) => l.split(':')[0] + (l.startsWith('refused') ? `:${l.split(':')[1]}` : '')),
      ['refused: host', 'refused: auth.password_hash', 'refused: auth.cookie_secure', 'clauster'],
    );
    assert.equal(t.stderr().includes('B'.repeat(43)), false);
  });

  it('runCheckConfig() --json gives {ok, source, problems:[{path, expected, found}], warnings}', async () => {
    const path = join(home.path, 'c.yml');
    await writeFile(path, 'port: "7777"\nclaustrum:\n  enabled: true\n');
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['check-config', '--json', '-c', path], t.io), 2);
    const verdict = JSON.parse(t.stdout());
    assert.deepEqual(Object.keys(verdict).sort(), ['ok', 'problems', 'source', 'warnings']);
    assert.equal(verdict.ok, false);
    assert.equal(verdict.source, path);
    assert.deepEqual(verdict.problems, [
      { path: 'port', expected: 'a number', found: 'the string "7777"' },
    ]);
    // The legacy key is still reported although the config is refused for another reason.
    assert.deepEqual(
      verdict.warnings.map((w: string) => w.split(':')[0]),
      ['claustrum'],
    );
  });

  it('runCheckConfig() prints legacy-key warnings before the refusal lines', async () => {
    const path = join(home.path, 'c.yml');
    await writeFile(path, 'claustrum:\n  enabled: false\nport: "7777"\n');
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['check-config', '-c', path], t.io), 2);
    const lines = t.stderr().trim().split('\n');
    assert.match(lines[0] ?? '', /^warning: claustrum: key of the Python Clauster .*ignored$/);
    assert.match(lines[1] ?? '', /^refused: port: expected a number/);
  });

  it('runCheckConfig() refuses tls.provision: self-signed (exit 2) and says how to make a cert', async () => {
    const path = join(home.path, 'c.yml');
    await writeFile(path, 'tls:\n  provision: self-signed\n  hostnames: [clauster.lan]\n');
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['check-config', '-c', path], t.io), 2);
    assert.match(t.stderr(), /^refused: tls\.provision: expected "off": .*openssl req -x509 /m);
  });

  it('runCheckConfig() refuses trusted_ips that trust every address as run reads them (exit 2)', async () => {
    const path = join(home.path, 'c.yml');
    await writeFile(
      path,
      'auth:\n  reverse_proxy:\n    trusted_ips: ["10.0.0.1", "::ffff:0:0/96"]\n',
    );
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['check-config', '-c', path], t.io), 2);
    assert.match(
      t.stderr(),
      /^refused: auth\.reverse_proxy\.trusted_ips\[1\]: expected a network that does not cover every address, found the string "::ffff:0:0\/96"$/m,
    );
  });

  it('runCheckConfig() names the env variable behind a problem or warning, never its value', async () => {
    const secret = 'FAKE-env-hash-value';
    const env = { CLAUSTER_AUTH_PASSWORD_HASH: secret, CLAUSTER_HOST: '0.0.0.0' };
    const t = createTestIo({ home: home.path, env });
    assert.equal(await main(['check-config'], t.io), 2);
    const err = t.stderr();
    assert.match(err, /^refused: host \(from CLAUSTER_HOST\): expected a loopback host/m);
    assert.match(
      err,
      /^refused: auth\.password_hash \(from CLAUSTER_AUTH_PASSWORD_HASH\): expected a PHC/m,
    );
    const u = createTestIo({ home: home.path, env: { ...env, CLAUSTER_HOST: '127.0.0.1' } });
    assert.equal(await main(['check-config', '--json'], u.io), 2);
    const verdict = JSON.parse(u.stdout());
    assert.equal(verdict.problems[0].path, 'auth.password_hash (from CLAUSTER_AUTH_PASSWORD_HASH)');
    const w = createTestIo({ home: home.path, env: { CLAUSTER_AUTH_ENABLED: 'true' } });
    assert.equal(await main(['check-config'], w.io), 0);
    assert.match(w.stderr(), /^warning: auth\.enabled \(from CLAUSTER_AUTH_ENABLED\) is true/m);
    for (const out of [err, t.stdout(), u.stdout(), u.stderr()]) {
      assert.equal(out.includes(secret), false);
    }
  });

  it('runCheckConfig() names a duplicate key by its path and both lines', async () => {
    const path = join(home.path, 'c.yml');
    await writeFile(path, 'auth:\n  enabled: true\n  enabled: false\n');
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['check-config', '-c', path], t.io), 2);
    assert.match(
      t.stderr(),
      /^refused: auth\.enabled: expected each key once.*keep one.*at line 2 and again at line 3 of /m,
    );
  });

  it('runCheckConfig() --json on a good config includes the bind decision', async () => {
    const t = createTestIo({ home: home.path, env: { CLAUSTER_HOST: '::1' } });
    assert.equal(await main(['check-config', '--json'], t.io), 0);
    const verdict = JSON.parse(t.stdout());
    assert.equal(verdict.ok, true);
    assert.deepEqual(verdict.bind, {
      host: '::1',
      loopback: true,
      addresses: ['::1'],
      credentials: [],
      opted_out: false,
    });
  });
});
