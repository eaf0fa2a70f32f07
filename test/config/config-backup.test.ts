import assert from 'node:assert/strict';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { backupConfigFile, pruneConfigBackups } from '../../src/config/config-backup.js';
import { createNodeDeps } from '../../src/system/node.js';
import { useTempDir } from '../support/temp.js';

const dir = useTempDir();
const NOW = Date.UTC(2025, 0, 2, 3, 4, 5);

function deps() {
  return { fs: createNodeDeps().fs, clock: { now: () => NOW } };
}

describe('backupConfigFile()', () => {
  it('backupConfigFile() adds -2, -3 when the stamp is taken, each 0600 with the bytes given', async () => {
    const path = join(dir.path, 'clauster.yml');
    const made = [];
    for (const text of ['one', 'two', 'three'])
      made.push(await backupConfigFile(path, Buffer.from(text), deps()));
    const base = `${path}.bak-20250102T030405Z`;
    assert.deepEqual(made, [base, `${base}-2`, `${base}-3`]);
    assert.equal(await readFile(`${base}-2`, 'utf8'), 'two');
    for (const file of made) assert.equal((await stat(file)).mode & 0o777, 0o600);
  });
});

describe('pruneConfigBackups()', () => {
  it('pruneConfigBackups() keeps the newest, counting -n suffixes, and never `newest`', async () => {
    const path = join(dir.path, 'clauster.yml');
    const names = [
      'clauster.yml.bak-20250101T000001Z',
      'clauster.yml.bak-20250101T000002Z',
      'clauster.yml.bak-20250101T000002Z-2',
      'clauster.yml.bak-20250101T000003Z',
      'other.yml.bak-20200101T000000Z',
    ];
    for (const name of names) await writeFile(join(dir.path, name), 'x');
    const newest = join(dir.path, 'clauster.yml.bak-20000101T000000Z');
    await writeFile(newest, 'new');
    const removed = await pruneConfigBackups(path, { keep: 3, newest }, deps());
    assert.deepEqual(removed, [
      join(dir.path, 'clauster.yml.bak-20250101T000001Z'),
      join(dir.path, 'clauster.yml.bak-20250101T000002Z'),
    ]);
    assert.deepEqual((await readdir(dir.path)).sort(), [
      'clauster.yml.bak-20000101T000000Z',
      'clauster.yml.bak-20250101T000002Z-2',
      'clauster.yml.bak-20250101T000003Z',
      'other.yml.bak-20200101T000000Z',
    ]);
  });
});
