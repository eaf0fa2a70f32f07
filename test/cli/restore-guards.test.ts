import assert from 'node:assert/strict';
import {
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { configSchema } from '../../src/config/schema.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { createSilentLogger } from '../../src/system/logger.js';
import { createNodeDeps } from '../../src/system/node.js';
import { runMain } from '../support/cli-run.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();
const running: RunningServer[] = [];
afterEach(() => Promise.all(running.splice(0).map((server) => server.close()))); // before the dir goes

function run(argv: string[]) {
  return runMain(argv, { home: home.path });
}

/** A backup of a small state_dir plus its config file; returns the archive path. */
async function makeBackup(): Promise<string> {
  const stateDir = join(home.path, 'old-state');
  await mkdir(stateDir, { mode: 0o700 });
  await writeFile(join(stateDir, 'tokens.json'), '{"schema_version":1,"tokens":[]}\n');
  await writeFile(join(stateDir, 'session.epoch'), '{"schema_version":1,"epoch":7}\n');
  const configPath = join(home.path, 'clauster.yml');
  await writeFile(configPath, `state_dir: ${stateDir}\nport: 7621\n`);
  const out = join(home.path, 'b.tar.gz');
  const made = await run(['backup', '-c', configPath, '-o', out]);
  assert.equal(made.code, 0, made.err);
  return out;
}

/** A real dashboard (this process) holding the instance lock of `stateDir`. */
async function startDashboard(stateDir: string): Promise<RunningServer> {
  const config = configSchema.parse({ port: 0, state_dir: stateDir });
  const deps = createNodeDeps({ HOME: home.path, PATH: process.env.PATH ?? '' });
  const server = await startServer(config, deps, { logger: createSilentLogger() });
  running.push(server);
  return server;
}

describe('runRestore() guards', () => {
  it('restore refuses (exit 1, pid named) while a running dashboard holds the state_dir lock', async () => {
    const archive = await makeBackup();
    const live = join(home.path, 'live');
    const server = await startDashboard(live);
    const lockPath = join(live, 'instance.lock');
    const lockBefore = await readFile(lockPath, 'utf8');
    const before = (await readdir(live)).sort();

    const refused = await run(['restore', archive, '--state-dir', live, '--force']);
    assert.equal(refused.code, 1);
    assert.equal(refused.out, '');
    assert.match(
      refused.err,
      new RegExp(
        `^clauster restore: a running clauster \\(pid ${process.pid}\\) holds .*stop the dashboard`,
      ),
    );
    const json = await run(['restore', archive, '--state-dir', live, '--force', '--json']);
    assert.equal(json.code, 1);
    const { error } = JSON.parse(json.out) as { error: { code: string; message: string } };
    assert.equal(error.code, 'instance-locked');
    assert.match(error.message, new RegExp(`pid ${process.pid}\\b`));
    assert.match(json.err, /^clauster restore: a running clauster/);

    // Nothing restored, the dashboard's lock untouched, the dashboard still serving.
    assert.deepEqual((await readdir(live)).sort(), before);
    assert.equal(await readFile(lockPath, 'utf8'), lockBefore);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);

    // Once it is stopped, the same restore goes through and leaves no lock behind.
    await running.splice(0)[0]?.close();
    const done = await run(['restore', archive, '--state-dir', live, '--force']);
    assert.equal(done.code, 0, done.err);
    // Restored under a new session epoch, not the archived 7.
    const { epoch } = JSON.parse(await readFile(join(live, 'session.epoch'), 'utf8'));
    assert.ok(epoch >= 2 ** 40, String(epoch));
    await assert.rejects(stat(lockPath), /ENOENT/);
  });

  it('restore refuses an existing --config-out without --force, restoring nothing', async () => {
    const archive = await makeBackup();
    const target = join(home.path, 'new-state');
    const existing = join(home.path, 'existing.yml');
    await writeFile(existing, 'port: 9999 # mine\n');
    const argv = ['restore', archive, '--state-dir', target, '--config-out', existing];
    const refused = await run(argv);
    assert.equal(refused.code, 1);
    assert.match(
      refused.err,
      /^clauster restore: --config-out .*existing\.yml already exists; pass --force/,
    );
    assert.equal(await readFile(existing, 'utf8'), 'port: 9999 # mine\n');
    await assert.rejects(stat(target), /ENOENT/);

    const json = await run([...argv, '--json']);
    assert.equal(json.code, 1);
    assert.equal(JSON.parse(json.out).error.code, 'config-out-exists');

    const forced = await run([...argv, '--force']);
    assert.equal(forced.code, 0, forced.err);
    assert.match(await readFile(existing, 'utf8'), /^state_dir: .*\nport: 7621\n$/);
    assert.equal((await stat(existing)).mode & 0o777, 0o600);
    assert.deepEqual(
      (await readdir(home.path)).filter((name) => name.endsWith('.tmp')),
      [],
    );
  });

  it('restore never writes through a symbolic link at --config-out, even with --force', async () => {
    const archive = await makeBackup();
    const victim = join(home.path, 'victim.txt');
    await writeFile(victim, 'do not touch\n');
    const link = join(home.path, 'link.yml');
    await symlink(victim, link);
    for (const extra of [[], ['--force']]) {
      const target = join(home.path, `state-${extra.length}`);
      const refused = await run([
        'restore',
        archive,
        '--state-dir',
        target,
        '--config-out',
        link,
        ...extra,
      ]);
      assert.equal(refused.code, 1);
      assert.match(refused.err, /^clauster restore: --config-out .*link\.yml is a symbolic link/);
      await assert.rejects(stat(target), /ENOENT/);
    }
    assert.equal(await readFile(victim, 'utf8'), 'do not touch\n');
    assert.ok((await lstat(link)).isSymbolicLink());
    assert.equal(await readlink(link), victim);
  });

  it('restore writes a new --config-out 0600 and refuses one in a missing directory', async () => {
    const archive = await makeBackup();
    const fresh = join(home.path, 'fresh.yml');
    const done = await run([
      'restore',
      archive,
      '--state-dir',
      join(home.path, 's1'),
      '--config-out',
      fresh,
      '--json',
    ]);
    assert.equal(done.code, 0, done.err);
    assert.deepEqual(JSON.parse(done.out), { files: 2, config: fresh });
    assert.equal((await stat(fresh)).mode & 0o777, 0o600);

    const nowhere = join(home.path, 'no-dir', 'c.yml');
    const refused = await run([
      'restore',
      archive,
      '--state-dir',
      join(home.path, 's2'),
      '--config-out',
      nowhere,
    ]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /no-dir does not exist; create it or pick another path/);
  });
});
