import assert from 'node:assert/strict';
import { stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { createTestIo, type TestIo } from '../support/cli-io.js';
import { findFreePort } from '../support/free-port.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();

async function waitFor(t: TestIo, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = t.stdout().match(pattern);
    if (match) return match;
    if (Date.now() > deadline)
      assert.fail(`timed out waiting for ${pattern}; stderr: ${t.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('runRun()', () => {
  it('runRun() prints the URL, serves it, and stops with exit 0 on SIGINT', async () => {
    const t = createTestIo({ home: home.path, env: { CLAUSTER_PORT: '0' } });
    const exit = main(['run'], t.io);
    const [, url] = await waitFor(t, /serving (http:\/\/127\.0\.0\.1:\d+)\n/);
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
    t.signal('SIGINT');
    assert.equal(await exit, 0);
    assert.match(t.stderr(), /SIGINT received, stopping \(bridges keep running\)/);
    await assert.rejects(fetch(`${url}/healthz`));
  });

  // Runs `clauster run` until it serves, stops it, and returns the process titles it set.
  async function titlesOf(env: Record<string, string>): Promise<string[]> {
    const t = createTestIo({ home: home.path, env: { CLAUSTER_PORT: '0', ...env } });
    const titles: string[] = [];
    t.io.setProcessTitle = (title) => titles.push(title);
    const exit = main(['run'], t.io);
    await waitFor(t, /serving https?:\/\//);
    t.signal('SIGINT');
    assert.equal(await exit, 0);
    return titles;
  }

  it('runRun() names the process `clauster: <instance_name>` when instance_name is set', async () => {
    assert.deepEqual(await titlesOf({ CLAUSTER_INSTANCE_NAME: 'lab-1' }), ['clauster: lab-1']);
  });

  it('runRun() leaves the process title alone without instance_name', async () => {
    assert.deepEqual(await titlesOf({}), []);
  });

  it('runRun() prints legacy-key warnings before the refusal lines', async () => {
    const path = join(home.path, 'c.yml');
    await writeFile(path, 'notifications:\n  enabled: false\nport: "7777"\n');
    const t = createTestIo({ home: home.path });
    assert.equal(await main(['run', '-c', path], t.io), 2);
    const lines = t.stderr().trim().split('\n');
    assert.match(lines[0] ?? '', /^warning: notifications.enabled: key of the Python Clauster/);
    assert.match(lines[1] ?? '', /^refused: port: expected a number/);
    assert.equal(t.stdout(), '');
  });

  it('runRun() and check-config give the same verdict, and a refusal binds and writes nothing', async () => {
    const port = await findFreePort('0.0.0.0');
    const path = join(home.path, 'c.yml');
    await writeFile(
      path,
      `host: 0.0.0.0\nport: ${port}\nauht: {}\nauth:\n  allowed_origins: ["*"]\n`,
    );
    const check = createTestIo({ home: home.path });
    const run = createTestIo({ home: home.path });
    assert.equal(await main(['check-config', '-c', path], check.io), 2);
    assert.equal(await main(['run', '-c', path], run.io), 2);
    assert.equal(run.stderr(), check.stderr());
    assert.match(run.stderr(), /^refused: auht: expected a known key \(did you mean `auth`\?\)/m);
    assert.equal(run.stdout(), '');
    await assert.rejects(stat(join(home.path, '.clauster')), /ENOENT/);
    const probe = createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(port, '0.0.0.0', () => probe.close(() => resolve()));
    });
  });

  it('runRun() exits 2 naming the pid when another dashboard holds the state_dir', async () => {
    const first = createTestIo({ home: home.path, env: { CLAUSTER_PORT: '0' } });
    const firstExit = main(['run'], first.io);
    await waitFor(first, /serving /);
    const second = createTestIo({ home: home.path, env: { CLAUSTER_PORT: '0' } });
    assert.equal(await main(['run'], second.io), 2);
    assert.match(second.stderr(), new RegExp(`another clauster \\(pid ${process.pid}\\)`));
    first.signal('SIGTERM');
    assert.equal(await firstExit, 0);
  });

  // POST /api/restart from the dashboard's own origin (auth is off on loopback).
  function postRestart(url: string): Promise<Response> {
    return fetch(`${url}/api/restart`, { method: 'POST', headers: { origin: url } });
  }

  it('runRun() returns 75 after a dashboard restart when CLAUSTER_RESTART_ON_EXIT=1', async () => {
    const env = { CLAUSTER_PORT: '0', CLAUSTER_RESTART_ON_EXIT: '1' };
    const t = createTestIo({ home: home.path, env });
    const exit = main(['run'], t.io);
    const [, url = ''] = await waitFor(t, /serving (http:\/\/127\.0\.0\.1:\d+)\n/);
    assert.equal((await postRestart(url)).status, 202);
    assert.equal(await exit, 75);
    assert.match(t.stderr(), /restarting: exit 75 for the supervisor \(bridges keep running\)/);
    assert.doesNotMatch(t.stderr(), /not a config variable/);
    await assert.rejects(fetch(`${url}/healthz`));
  });

  it('runRun() warns about a CLAUSTER_RESTART_ON_EXIT other than 1 and offers no restart', async () => {
    const env = { CLAUSTER_PORT: '0', CLAUSTER_RESTART_ON_EXIT: 'yes' };
    const t = createTestIo({ home: home.path, env });
    const exit = main(['run'], t.io);
    const [, url = ''] = await waitFor(t, /serving (http:\/\/127\.0\.0\.1:\d+)\n/);
    assert.match(t.stderr(), /CLAUSTER_RESTART_ON_EXIT: expected 1 or 0, found "yes"/);
    assert.equal((await postRestart(url)).status, 409);
    t.signal('SIGTERM');
    assert.equal(await exit, 0);
  });
});
