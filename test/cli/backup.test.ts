import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as tar from 'tar';
import { runMain } from '../support/cli-run.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();

function run(argv: string[]) {
  return runMain(argv, { home: home.path });
}

/** A state_dir like a dashboard leaves it, plus a config file naming it. */
async function seed(): Promise<{ configPath: string; stateDir: string }> {
  const stateDir = join(home.path, 'state');
  await mkdir(join(stateDir, 'logs', 'br-abcdefghijkl'), { recursive: true, mode: 0o700 });
  await writeFile(join(stateDir, 'bridges.json'), '{"schema_version":1,"bridges":[]}\n');
  await writeFile(join(stateDir, 'tokens.json'), '{"schema_version":1,"tokens":[]}\n');
  await writeFile(join(stateDir, 'session.epoch'), '{"schema_version":1,"epoch":3}\n');
  await writeFile(join(stateDir, 'session.secret'), `${'FAKE'.repeat(11)}\n`);
  await writeFile(join(stateDir, 'audit.jsonl'), '{"action":"x"}\n');
  await writeFile(join(stateDir, 'instance.lock'), '{"schema_version":1,"pid":1}\n');
  await writeFile(join(stateDir, 'logs', 'br-abcdefghijkl', 'debug.log'), 'hello\n');
  const configPath = join(home.path, 'clauster.yml');
  await writeFile(configPath, `state_dir: ${stateDir}\nport: 7621\n`);
  return { configPath, stateDir };
}

/** Writes a tar.gz holding a manifest plus one hostile member. */
async function writeHostileArchive(
  file: string,
  member: 'absolute' | 'parent' | 'link',
): Promise<void> {
  const staging = join(home.path, `hostile-${member}`);
  await mkdir(join(staging, 'state'), { recursive: true });
  await writeFile(join(staging, 'manifest.json'), '{"schema_version":1}\n');
  await writeFile(join(staging, 'state', 'tokens.json'), '{"schema_version":1,"tokens":[]}\n');
  const members = ['manifest.json', 'state/tokens.json'];
  if (member === 'link') {
    await symlink('/etc/passwd', join(staging, 'state', 'escape'));
    members.push('state/escape');
  }
  const onWriteEntry = (entry: { path: string }) => {
    if (member === 'absolute' && entry.path === 'state/tokens.json') entry.path = '/tmp/evil.json';
    if (member === 'parent' && entry.path === 'state/tokens.json')
      entry.path = 'state/../../evil.json';
  };
  await tar.create({ gzip: true, file, cwd: staging, preservePaths: true, onWriteEntry }, members);
}

describe('runBackupCommand() / runRestore()', () => {
  it('backup → restore round-trips state and config through the CLI, without locks or logs', async () => {
    const { configPath } = await seed();
    const out = join(home.path, 'b.tar.gz');
    const made = await run(['backup', '--config', configPath, '-o', out, '--json']);
    assert.equal(made.code, 0, made.err);
    assert.deepEqual(JSON.parse(made.out), { file: out, files: 5 });
    assert.equal((await stat(out)).mode & 0o777, 0o600);

    const target = join(home.path, 'restored');
    const configOut = join(home.path, 'restored.yml');
    const restored = await run(['restore', out, '--state-dir', target, '--config-out', configOut]);
    assert.equal(restored.code, 0, restored.err);
    assert.match(restored.out, /^restored 5 files; config written to /);
    assert.deepEqual((await readdir(target)).sort(), [
      'audit.jsonl',
      'bridges.json',
      'session.epoch',
      'session.secret',
      'tokens.json',
    ]);
    // A new session epoch, not the archived 3: a cookie a logout revoked since stays refused.
    const epoch = JSON.parse(await readFile(join(target, 'session.epoch'), 'utf8'));
    assert.equal(epoch.schema_version, 1);
    assert.ok(epoch.epoch >= 2 ** 40, String(epoch.epoch));
    assert.equal(await readFile(configOut, 'utf8'), await readFile(configPath, 'utf8'));

    const again = await run(['restore', out, '--state-dir', target]);
    assert.equal(again.code, 1);
    assert.match(again.err, /is not empty; pass --force/);
    assert.equal((await run(['restore', out, '--state-dir', target, '--force'])).code, 0);
  });

  it('backup --with-logs includes the bridge logs', async () => {
    const { configPath } = await seed();
    const out = join(home.path, 'b.tar.gz');
    const made = await run(['backup', '-c', configPath, '-o', out, '--with-logs', '--json']);
    assert.equal(made.code, 0, made.err);
    assert.equal(JSON.parse(made.out).files, 6);
  });

  it('backup exits 2 with the problem when the config is invalid', async () => {
    const configPath = join(home.path, 'bad.yml');
    await writeFile(configPath, 'port: "nope"\n');
    const made = await run(['backup', '--config', configPath, '-o', join(home.path, 'x.tar.gz')]);
    assert.equal(made.code, 2);
    assert.match(made.err, /port: expected/);
    await assert.rejects(stat(join(home.path, 'x.tar.gz')), /ENOENT/);
  });

  const refusals = { absolute: 'absolute-path', parent: 'parent-traversal', link: 'link' } as const;
  for (const member of ['absolute', 'parent', 'link'] as const) {
    it(`restore refuses an archive with a ${member} member, exits non-zero and writes nothing`, async () => {
      const file = join(home.path, `${member}.tar.gz`);
      await writeHostileArchive(file, member);
      const target = join(home.path, 'target');
      const refused = await run(['restore', file, '--state-dir', target]);
      assert.notEqual(refused.code, 0);
      assert.match(refused.err, new RegExp(`^clauster restore: refusing .*${refusals[member]}: `));
      await assert.rejects(stat(target), /ENOENT/);
      await assert.rejects(stat(join(home.path, 'evil.json')), /ENOENT/);
    });
  }

  it('restore exits 2 without FILE or --state-dir', async () => {
    assert.equal((await run(['restore', '--state-dir', home.path])).code, 2);
    assert.equal((await run(['restore', join(home.path, 'x.tar.gz')])).code, 2);
  });
});
