import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import * as tar from 'tar';
import { BackupError, createBackup } from '../../src/system/backup-archive.js';
import { createNodeDeps } from '../../src/system/node.js';
import { restoreBackup } from '../../src/system/restore-archive.js';
import { makeTempDir } from '../support/temp.js';

let dir: { path: string; cleanup(): Promise<void> };

async function seedState(stateDir: string): Promise<void> {
  await fsp.mkdir(join(stateDir, 'logs', 'br-aaaaaaaaaaaa'), { recursive: true, mode: 0o700 });
  await fsp.mkdir(join(stateDir, 'locks'), { recursive: true });
  await fsp.writeFile(join(stateDir, 'tokens.json'), '{"schema_version":1,"tokens":[]}\n');
  await fsp.writeFile(join(stateDir, 'session.secret'), 'f'.repeat(64));
  await fsp.writeFile(join(stateDir, 'bridges.json'), '{"schema_version":1,"bridges":[]}\n');
  await fsp.writeFile(join(stateDir, 'audit.jsonl'), '{"action":"x"}\n');
  await fsp.writeFile(join(stateDir, 'logs', 'br-aaaaaaaaaaaa', 'stdout.log'), 'hello\n');
  await fsp.writeFile(join(stateDir, 'locks', 'x.lock'), '');
}

/** Real fs and /proc, over an env whose HOME is the test's temp dir. */
function deps() {
  return createNodeDeps({ HOME: dir.path });
}

function backupOptions(stateDir: string, out: string, withLogs = false) {
  return { stateDir, configPath: null, out, withLogs, version: '0.0.0-test', now: new Date(0) };
}

describe('createBackup() / restoreBackup()', () => {
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(() => dir.cleanup());

  it('createBackup() writes a 0600 archive that restoreBackup() round-trips', async () => {
    const state = join(dir.path, 'state');
    const config = join(dir.path, 'clauster.yml');
    await seedState(state);
    await fsp.writeFile(config, 'port: 7621\n');
    const out = join(dir.path, 'backup.tar.gz');
    const made = await createBackup({ ...backupOptions(state, out), configPath: config });
    assert.equal(made.files, 4);
    assert.equal((await fsp.stat(out)).mode & 0o777, 0o600);

    const target = join(dir.path, 'restored');
    const configOut = join(dir.path, 'restored.yml');
    const restored = await restoreBackup(
      { file: out, stateDir: target, force: false, configOut },
      deps(),
    );
    assert.equal(restored.files, 4);
    // session.epoch: restore always starts a new epoch (none was archived here).
    assert.deepEqual((await fsp.readdir(target)).sort(), [
      'audit.jsonl',
      'bridges.json',
      'session.epoch',
      'session.secret',
      'tokens.json',
    ]);
    assert.equal(await fsp.readFile(join(target, 'session.secret'), 'utf8'), 'f'.repeat(64));
    assert.equal((await fsp.stat(join(target, 'tokens.json'))).mode & 0o777, 0o600);
    assert.equal((await fsp.stat(target)).mode & 0o777, 0o700);
    assert.equal(await fsp.readFile(configOut, 'utf8'), 'port: 7621\n');
  });

  it('createBackup() includes logs only with withLogs', async () => {
    const state = join(dir.path, 'state');
    await seedState(state);
    const out = join(dir.path, 'b.tar.gz');
    await createBackup(backupOptions(state, out, true));
    const names: string[] = [];
    await tar.list({ file: out, onReadEntry: (e) => names.push(e.path) });
    assert.ok(names.includes('state/logs/br-aaaaaaaaaaaa/stdout.log'));
    assert.ok(!names.some((n) => n.includes('locks')));
  });

  it('createBackup() refuses an existing out unless force, which replaces it 0600', async () => {
    const state = join(dir.path, 'state');
    await seedState(state);
    const out = join(dir.path, 'important.txt');
    await fsp.writeFile(out, 'keep me\n', { mode: 0o644 });
    await assert.rejects(
      createBackup(backupOptions(state, out)),
      (e: unknown) =>
        e instanceof BackupError &&
        e.code === 'output-exists' &&
        e.message === `${out} already exists; pass --force to replace it, or pick another -o FILE`,
    );
    assert.equal(await fsp.readFile(out, 'utf8'), 'keep me\n');
    const made = await createBackup({ ...backupOptions(state, out), force: true });
    assert.equal(made.files, 4);
    assert.equal((await fsp.stat(out)).mode & 0o777, 0o600);
    const names: string[] = [];
    await tar.list({ file: out, onReadEntry: (e) => names.push(e.path) });
    assert.ok(names.includes('state/tokens.json'));
    assert.deepEqual((await fsp.readdir(dir.path)).sort(), ['important.txt', 'state']);
  });

  it('createBackup() lists the state entries it leaves out, and archives the same', async () => {
    const state = join(dir.path, 'state');
    await seedState(state);
    const outside = join(dir.path, 'outside.jsonl');
    await fsp.writeFile(outside, '{"action":"y"}\n');
    await fsp.rm(join(state, 'tokens.json'));
    await fsp.mkdir(join(state, 'tokens.json'));
    await fsp.symlink(join(dir.path, 'gone'), join(state, 'session.epoch'));
    await fsp.rm(join(state, 'audit.jsonl'));
    await fsp.symlink(outside, join(state, 'audit.jsonl'));
    await fsp.mkdir(join(state, 'other-dir'));
    // Left out by rule, not reported: a link among the logs (no withLogs) or the locks.
    await fsp.symlink(outside, join(state, 'logs', 'br-aaaaaaaaaaaa', 'link.log'));
    await fsp.symlink(outside, join(state, 'locks', 'link.lock'));
    const out = join(dir.path, 'b.tar.gz');
    const made = await createBackup(backupOptions(state, out));
    assert.equal(made.files, 2);
    assert.deepEqual(made.skipped, [
      { path: join(state, 'audit.jsonl'), reason: 'a symbolic link (never followed)' },
      { path: join(state, 'session.epoch'), reason: 'a symbolic link (never followed)' },
      { path: join(state, 'tokens.json'), reason: 'a directory where clauster keeps a file' },
    ]);
    const names: string[] = [];
    await tar.list({ file: out, onReadEntry: (e) => names.push(e.path) });
    assert.deepEqual(names.filter((n) => !n.endsWith('/')).sort(), [
      'manifest.json',
      'state/bridges.json',
      'state/session.secret',
    ]);
    const withLogs = await createBackup({ ...backupOptions(state, out, true), force: true });
    assert.deepEqual(
      withLogs.skipped.map((e) => e.path),
      [
        join(state, 'audit.jsonl'),
        join(state, 'logs', 'br-aaaaaaaaaaaa', 'link.log'),
        join(state, 'session.epoch'),
        join(state, 'tokens.json'),
      ],
    );
  });

  it('restoreBackup() never overwrites a non-empty state_dir without force', async () => {
    const state = join(dir.path, 'state');
    await seedState(state);
    const out = join(dir.path, 'b.tar.gz');
    await createBackup(backupOptions(state, out));
    const target = join(dir.path, 'busy');
    await fsp.mkdir(target);
    await fsp.chmod(target, 0o755);
    await fsp.writeFile(join(target, 'keep.txt'), 'mine');
    await assert.rejects(
      restoreBackup({ file: out, stateDir: target, force: false, configOut: null }, deps()),
      (e: unknown) => e instanceof BackupError && e.code === 'target-not-empty',
    );
    assert.deepEqual(await fsp.readdir(target), ['keep.txt']);
    assert.equal((await fsp.stat(target)).mode & 0o777, 0o755, 'a refused restore chmods nothing');
    await restoreBackup({ file: out, stateDir: target, force: true, configOut: null }, deps());
    assert.ok((await fsp.readdir(target)).includes('tokens.json'));
    assert.equal((await fsp.stat(target)).mode & 0o777, 0o700);
  });

  it('restoreBackup() refuses an archive with a symlink or traversal and writes nothing', async () => {
    const src = join(dir.path, 'evil');
    await fsp.mkdir(join(src, 'state'), { recursive: true });
    await fsp.writeFile(join(src, 'manifest.json'), '{}');
    await fsp.symlink('/etc/passwd', join(src, 'state', 'passwd'));
    const out = join(dir.path, 'evil.tar.gz');
    await tar.create({ gzip: true, file: out, cwd: src }, ['manifest.json', 'state']);
    const target = join(dir.path, 'victim');
    await assert.rejects(
      restoreBackup({ file: out, stateDir: target, force: true, configOut: null }, deps()),
      (e: unknown) =>
        e instanceof BackupError && e.code === 'unsafe-archive' && /link/.test(e.message),
    );
    await assert.rejects(fsp.stat(target), /ENOENT/);
  });

  it('restoreBackup() refuses a file that is not a clauster backup', async () => {
    const bogus = join(dir.path, 'bogus.tar.gz');
    await fsp.writeFile(bogus, 'not a tarball');
    await assert.rejects(
      restoreBackup(
        { file: bogus, stateDir: join(dir.path, 't'), force: false, configOut: null },
        deps(),
      ),
      (e: unknown) => e instanceof BackupError && e.code === 'bad-archive',
    );
  });
});
