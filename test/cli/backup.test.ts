import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
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
    assert.deepEqual(JSON.parse(made.out), { file: out, files: 5, skipped: [] });
    assert.equal(made.err, '');
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

  it('backup refuses an existing -o FILE (output-exists, exit 1) unless --force', async () => {
    const { configPath } = await seed();
    const out = join(home.path, 'important.txt');
    await writeFile(out, 'my notes\n');
    const json = await run(['backup', '-c', configPath, '-o', out, '--json']);
    assert.equal(json.code, 1);
    const message = `${out} already exists; pass --force to replace it, or pick another -o FILE`;
    assert.deepEqual(JSON.parse(json.out), { error: { code: 'output-exists', message } });
    const human = await run(['backup', '-c', configPath, '-o', out]);
    assert.equal(human.code, 1);
    assert.equal(human.out, '');
    assert.equal(human.err, `clauster backup: ${message}\n`);
    assert.equal(await readFile(out, 'utf8'), 'my notes\n');

    const forced = await run(['backup', '-c', configPath, '-o', out, '--force']);
    assert.equal(forced.code, 0, forced.err);
    assert.equal(forced.out, `wrote ${out} (5 state files)\n`);
    assert.equal((await stat(out)).mode & 0o777, 0o600);
    const names: string[] = [];
    await tar.list({ file: out, onReadEntry: (e) => names.push(e.path) });
    assert.ok(names.includes('state/tokens.json'));
    assert.deepEqual(
      (await readdir(home.path)).filter((n) => n.endsWith('.tmp')),
      [],
      'no temp file left',
    );
  });

  it('backup names each state entry it left out: warnings on stderr, skipped with --json', async () => {
    const { configPath, stateDir } = await seed();
    await rm(join(stateDir, 'tokens.json'));
    await mkdir(join(stateDir, 'tokens.json'));
    await rm(join(stateDir, 'session.epoch'));
    await symlink(join(home.path, 'gone'), join(stateDir, 'session.epoch'));
    await writeFile(join(home.path, 'elsewhere.jsonl'), '{"action":"y"}\n');
    await rm(join(stateDir, 'audit.jsonl'));
    await symlink(join(home.path, 'elsewhere.jsonl'), join(stateDir, 'audit.jsonl'));
    const skipped = [
      { path: join(stateDir, 'audit.jsonl'), reason: 'a symbolic link (never followed)' },
      { path: join(stateDir, 'session.epoch'), reason: 'a symbolic link (never followed)' },
      { path: join(stateDir, 'tokens.json'), reason: 'a directory where clauster keeps a file' },
    ];
    const warnings = skipped
      .map(({ path, reason }) => `warning: not in the backup: ${path}: ${reason}\n`)
      .join('');

    const out = join(home.path, 'b.tar.gz');
    const human = await run(['backup', '-c', configPath, '-o', out]);
    assert.equal(human.code, 0, human.err);
    assert.equal(human.out, `wrote ${out} (2 state files)\n`);
    assert.equal(human.err, warnings);

    const json = await run(['backup', '-c', configPath, '-o', out, '--force', '--json']);
    assert.equal(json.code, 0, json.err);
    assert.deepEqual(JSON.parse(json.out), { file: out, files: 2, skipped });
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
