/**
 * A host name that does not resolve is refused by check-config and run alike (exit 2), before
 * run creates state_dir; names resolve through the injected lookup, never the network.
 */
import assert from 'node:assert/strict';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import type { Lookup } from '../../src/system/ports.js';
import { createTestIo } from '../support/cli-io.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();
const STRONG = `$argon2id$v=19$m=65536,t=3,p=1$${'A'.repeat(22)}$${'B'.repeat(43)}`;

const notFound: Lookup = async (name) => {
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};

async function writeConfig(host: string): Promise<string> {
  const path = join(home.path, 'c.yml');
  const auth = `auth:\n  enabled: true\n  password_required: true\n  password_hash: "${STRONG}"\n`;
  await writeFile(path, `host: ${host}\nport: 0\n${auth}`);
  return path;
}

describe('a host that does not resolve', () => {
  it('runCheckConfig() refuses it on host, naming the name, the error code and the fix', async () => {
    const path = await writeConfig('nosuchhost.invalid');
    const t = createTestIo({ home: home.path, deps: { lookup: notFound } });
    assert.equal(await main(['check-config', '--json', '-c', path], t.io), 2);
    const verdict = JSON.parse(t.stdout());
    assert.equal(verdict.ok, false);
    assert.deepEqual(verdict.problems, [
      {
        path: 'host',
        expected:
          'an IP address (e.g. 192.168.1.10), 0.0.0.0 for every interface, or a name that resolves (add it to /etc/hosts)',
        found: 'the string "nosuchhost.invalid", a name that does not resolve (ENOTFOUND)',
      },
    ]);
  });

  it('runCheckConfig() accepts the same config when the name resolves', async () => {
    const path = await writeConfig('nas.lan');
    const lookup: Lookup = async () => [{ address: '192.0.2.4', family: 4 }];
    const t = createTestIo({ home: home.path, deps: { lookup } });
    assert.equal(await main(['check-config', '-c', path], t.io), 0, t.stderr());
    assert.match(t.stdout(), /config ok: .*network bind nas\.lan port 0/);
  });

  it('runRun() refuses it with exit 2 before creating state_dir', async () => {
    const path = await writeConfig('nosuchhost.invalid');
    const t = createTestIo({ home: home.path, deps: { lookup: notFound } });
    assert.equal(await main(['run', '-c', path], t.io), 2);
    assert.match(
      t.stderr(),
      /^refused: host: expected an IP address .* found the string "nosuchhost\.invalid", a name that does not resolve \(ENOTFOUND\)$/m,
    );
    assert.equal(t.stdout(), '');
    await assert.rejects(stat(join(home.path, '.clauster')), /ENOENT/);
  });
});
