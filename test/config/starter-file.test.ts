// writeStarterConfig(): never replaces a file, not even one that appears after the last
// check, and a refusal leaves no empty parent directory behind.
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { renderStarterConfig, writeStarterConfig } from '../../src/config/starter-file.js';
import { createNodeDeps } from '../../src/system/node.js';
import type { Fs } from '../../src/system/ports.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();

const ANSWERS = {
  host: '127.0.0.1',
  port: 7621,
  projectsRoot: null,
  instanceName: null,
  passwordHash: null,
};

describe('writeStarterConfig()', () => {
  it('refuses, keeping the newcomer, when a file appears after the last check', async () => {
    const deps = createNodeDeps({ HOME: home.path });
    const path = join(home.path, 'clauster.yml');
    let checks = 0;
    // The second lstat of the target is the one just before the link/rename: answer "absent",
    // but let another writer put its file there first.
    const lstat = (async (file: string) => {
      if (file === path && ++checks === 2) {
        await writeFile(path, 'port: 9999 # theirs\n');
        throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      }
      return deps.fs.lstat(file);
    }) as Fs['lstat'];
    const { text } = renderStarterConfig(ANSWERS);
    const outcome = await writeStarterConfig(
      path,
      text,
      { cwd: home.path },
      { ...deps, fs: { ...deps.fs, lstat } },
    );
    assert.equal(checks, 2);
    assert.equal(outcome.written, false);
    assert.equal(outcome.written === false && outcome.reason, 'exists');
    assert.equal(await readFile(path, 'utf8'), 'port: 9999 # theirs\n');
    assert.deepEqual(await readdir(home.path), ['clauster.yml'], 'no temp file left');
  });

  it('links the new file into place and leaves no temp file', async () => {
    const deps = createNodeDeps({ HOME: home.path });
    const path = join(home.path, 'etc', 'clauster.yml');
    const { text } = renderStarterConfig(ANSWERS);
    assert.deepEqual(await writeStarterConfig(path, text, { cwd: home.path }, deps), {
      written: true,
    });
    assert.equal(await readFile(path, 'utf8'), text);
    assert.deepEqual(await readdir(join(home.path, 'etc')), ['clauster.yml']);
  });

  it('removes the empty parent directories it created when the check refuses', async () => {
    const env = { HOME: home.path, CLAUSTER_PORT: 'not-a-port' };
    const deps = createNodeDeps(env);
    await writeFile(join(home.path, 'keep.txt'), 'x');
    const path = join(home.path, 'a', 'b', 'clauster.yml');
    const { text } = renderStarterConfig(ANSWERS);
    const outcome = await writeStarterConfig(path, text, { cwd: home.path }, deps);
    assert.equal(outcome.written === false && outcome.reason, 'check');
    assert.deepEqual(await readdir(home.path), ['keep.txt']);
  });
});
