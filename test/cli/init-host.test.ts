/**
 * `clauster init` and the host: a name that does not resolve is refused at the flag and at
 * the prompt; a network host gets an https hint, and check-config warns about plain http.
 */
import assert from 'node:assert/strict';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import type { Lookup } from '../../src/system/ports.js';
import { createTestIo } from '../support/cli-io.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();
// Obviously fake; must never reach any output.
const PASSWORD = 'FAKE-init-password-42';
const HTTPS_HINT =
  /That is plain http: on the network the password and the session cookie can be read by anyone on the LAN\. For https, put a TLS reverse proxy in front \(docs\/reverse-proxy\.md\) or set tls\.cert_file and tls\.key_file\./;

const notFound: Lookup = async (name) => {
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};

async function workDir(name: string): Promise<string> {
  const cwd = join(home.path, name);
  await mkdir(cwd);
  return cwd;
}

describe('runInit() and the host', () => {
  it('runInit() prints an https hint for a network host, and check-config warns about plain http', async () => {
    const cwd = await workDir('net');
    const t = createTestIo({ home: home.path, cwd });
    t.input(`${PASSWORD}\n`, true);
    assert.equal(await main(['init', '--yes', '--host', '0.0.0.0', '--password'], t.io), 0);
    assert.match(t.stdout(), HTTPS_HINT);
    const check = createTestIo({ home: home.path, cwd });
    assert.equal(await main(['check-config', '--json'], check.io), 0, check.stderr());
    const { warnings } = JSON.parse(check.stdout());
    // No ~/projects in this HOME: the unset projects_root is warned about too.
    assert.equal(warnings.length, 2, JSON.stringify(warnings));
    assert.match(warnings[0], /password and the session cookie can be read by anyone on the LAN/);
    assert.match(warnings[1], /^projects_root is not set/);
    assert.equal(`${t.stdout()}${check.stdout()}`.includes(PASSWORD), false);
  });

  it('runInit() prints no https hint for a loopback host', async () => {
    const cwd = await workDir('loop');
    const t = createTestIo({ home: home.path, cwd });
    assert.equal(await main(['init', '--yes'], t.io), 0, t.stderr());
    assert.doesNotMatch(t.stdout(), /plain http/);
  });

  it('runInit() refuses --host with a name that does not resolve (exit 1), writing nothing', async () => {
    const cwd = await workDir('flag');
    const t = createTestIo({ home: home.path, cwd, deps: { lookup: notFound } });
    const argv = ['init', '--yes', '--host', 'nosuchhost.invalid', '--password'];
    assert.equal(await main(argv, t.io), 1);
    assert.equal(
      t.stderr(),
      'clauster init: host: "nosuchhost.invalid" does not resolve (ENOTFOUND); give an IP address (e.g. 192.168.1.10), 0.0.0.0 for every interface, or a name listed in /etc/hosts\n',
    );
    assert.deepEqual(await readdir(cwd), []);
  });

  it('runInit() on a terminal re-asks a host that does not resolve', async () => {
    const cwd = await workDir('prompt');
    const t = createTestIo({ home: home.path, cwd, isTTY: true, deps: { lookup: notFound } });
    // projects_root default, a host that does not resolve, then loopback, port, no name,
    // no password.
    t.input('\nnosuchhost.invalid\n127.0.0.1\n\n\n\n');
    assert.equal(await main(['init'], t.io), 0, t.stderr());
    assert.match(
      t.stderr(),
      /\[127\.0\.0\.1\]: {3}host: "nosuchhost\.invalid" does not resolve \(ENOTFOUND\); give .*\nHost to listen on/,
    );
    assert.deepEqual(await readdir(cwd), ['clauster.yml']);
  });
});
