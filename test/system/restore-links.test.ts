import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as tar from 'tar';
import { BackupError, copyRegularFile, createBackup } from '../../src/system/backup-archive.js';
import { createNodeDeps } from '../../src/system/node.js';
import { restoreBackup } from '../../src/system/restore-archive.js';
import { useTempDir } from '../support/temp.js';

const dir = useTempDir();

/** Real fs and /proc, over an env whose HOME is the test's temp dir. */
function deps() {
  return createNodeDeps({ HOME: dir.path });
}

/** A backup (with logs) of a small state_dir; returns the archive path. */
async function makeArchive(): Promise<string> {
  const state = join(dir.path, 'source');
  await fsp.mkdir(join(state, 'logs', 'br-aaaaaaaaaaaa'), { recursive: true });
  await fsp.writeFile(join(state, 'tokens.json'), '{"restored":true}\n');
  await fsp.writeFile(join(state, 'logs', 'br-aaaaaaaaaaaa', 'stdout.log'), 'hello\n');
  await fsp.writeFile(join(dir.path, 'clauster.yml'), 'port: 7621\n');
  const out = join(dir.path, 'b.tar.gz');
  await createBackup({
    stateDir: state,
    configPath: join(dir.path, 'clauster.yml'),
    out,
    withLogs: true,
    version: '0.0.0-test',
    now: new Date(0),
  });
  return out;
}

describe('restoreBackup() and links inside state_dir', () => {
  it('restoreBackup() replaces a link at a file target and leaves its old target alone', async () => {
    const file = await makeArchive();
    const target = join(dir.path, 'target');
    const outside = join(dir.path, 'outside.txt');
    const missing = join(dir.path, 'never-created.txt');
    await fsp.mkdir(join(target, 'logs', 'br-aaaaaaaaaaaa'), { recursive: true });
    await fsp.writeFile(outside, 'not yours\n');
    await fsp.chmod(outside, 0o644);
    await fsp.symlink(outside, join(target, 'tokens.json'));
    await fsp.symlink(missing, join(target, 'logs', 'br-aaaaaaaaaaaa', 'stdout.log'));

    const result = await restoreBackup(
      { file, stateDir: target, force: true, configOut: null },
      deps(),
    );

    assert.equal(result.files, 2);
    assert.equal(await fsp.readFile(outside, 'utf8'), 'not yours\n');
    assert.equal((await fsp.stat(outside)).mode & 0o777, 0o644);
    await assert.rejects(fsp.lstat(missing), /ENOENT/, 'a dangling link is not followed either');
    for (const rel of ['tokens.json', 'logs/br-aaaaaaaaaaaa/stdout.log']) {
      const stat = await fsp.lstat(join(target, rel));
      assert.ok(stat.isFile(), `${rel} is now a regular file`);
      assert.equal(stat.mode & 0o777, 0o600);
    }
    assert.equal(await fsp.readFile(join(target, 'tokens.json'), 'utf8'), '{"restored":true}\n');
    const leftovers = (await fsp.readdir(target)).filter((name) => name.endsWith('.tmp'));
    assert.deepEqual(leftovers, []);
  });

  it('restoreBackup() refuses a linked directory in the way and writes nothing', async () => {
    const file = await makeArchive();
    const target = join(dir.path, 'target');
    const elsewhere = join(dir.path, 'elsewhere');
    const configOut = join(dir.path, 'restored.yml');
    await fsp.mkdir(target);
    await fsp.mkdir(elsewhere);
    await fsp.symlink(elsewhere, join(target, 'logs'));

    await assert.rejects(
      restoreBackup({ file, stateDir: target, force: true, configOut }, deps()),
      (e: unknown) =>
        e instanceof BackupError &&
        e.code === 'unsafe-target' &&
        e.message.includes(join(target, 'logs')) &&
        /symbolic link.*remove the link/.test(e.message),
    );
    assert.deepEqual(await fsp.readdir(elsewhere), []);
    assert.deepEqual((await fsp.readdir(target)).sort(), ['logs']);
    await assert.rejects(fsp.lstat(configOut), /ENOENT/);
  });

  it('restoreBackup() refuses a directory where the archive has a file', async () => {
    const file = await makeArchive();
    const target = join(dir.path, 'target');
    await fsp.mkdir(join(target, 'tokens.json'), { recursive: true });
    await assert.rejects(
      restoreBackup({ file, stateDir: target, force: true, configOut: null }, deps()),
      (e: unknown) =>
        e instanceof BackupError &&
        e.code === 'unsafe-target' &&
        e.message.includes(join(target, 'tokens.json')),
    );
  });
});

describe('createBackup() and links inside state_dir', () => {
  it('createBackup() leaves out links to files and directories outside state_dir', async () => {
    const state = join(dir.path, 'state');
    const outside = join(dir.path, 'outside');
    await fsp.mkdir(join(outside, 'sub'), { recursive: true });
    await fsp.writeFile(join(outside, 'secret.txt'), 'outside\n');
    await fsp.writeFile(join(outside, 'sub', 'inner.txt'), 'outside\n');
    await fsp.mkdir(state);
    await fsp.writeFile(join(state, 'bridges.json'), '{}\n');
    await fsp.symlink(join(outside, 'secret.txt'), join(state, 'tokens.json'));
    await fsp.symlink(outside, join(state, 'logs'));
    const out = join(dir.path, 'b.tar.gz');
    const made = await createBackup({
      stateDir: state,
      configPath: null,
      out,
      withLogs: true,
      version: '0.0.0-test',
      now: new Date(0),
    });
    const names: string[] = [];
    await tar.list({ file: out, onReadEntry: (e) => names.push(e.path) });
    assert.equal(made.files, 1);
    assert.deepEqual(names.filter((n) => n.startsWith('state/') && n !== 'state/').sort(), [
      'state/bridges.json',
    ]);
  });

  it('copyRegularFile() copies a regular file 0600 and skips a link or FIFO swapped in', async () => {
    const outside = join(dir.path, 'outside.txt');
    await fsp.writeFile(outside, 'outside\n');
    await fsp.writeFile(join(dir.path, 'plain'), 'plain\n');
    await fsp.symlink(outside, join(dir.path, 'link'));
    execFileSync('mkfifo', [join(dir.path, 'fifo')]);

    assert.equal(
      await copyRegularFile(join(dir.path, 'plain'), join(dir.path, 'plain.copy')),
      true,
    );
    assert.equal(await fsp.readFile(join(dir.path, 'plain.copy'), 'utf8'), 'plain\n');
    assert.equal((await fsp.stat(join(dir.path, 'plain.copy'))).mode & 0o777, 0o600);
    assert.equal(await copyRegularFile(join(dir.path, 'link'), join(dir.path, 'link.copy')), false);
    assert.equal(await copyRegularFile(join(dir.path, 'fifo'), join(dir.path, 'fifo.copy')), false);
    await assert.rejects(fsp.lstat(join(dir.path, 'link.copy')), /ENOENT/);
    await assert.rejects(fsp.lstat(join(dir.path, 'fifo.copy')), /ENOENT/);
  });
});
