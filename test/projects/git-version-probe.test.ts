import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createGitVersionProbe } from '../../src/projects/git-version-probe.js';
import { createNodeDeps } from '../../src/system/node.js';
import { writeFakeGit } from '../support/fake-git.js';
import { useTempDir } from '../support/temp.js';

const temp = useTempDir('clauster-git-probe-');

function makeProbe(path: string, clock = { now: () => 0 }) {
  const deps = { ...createNodeDeps({ PATH: path, HOME: temp.path }), clock };
  return createGitVersionProbe({ path, home: temp.path, ttlMs: 1000 }, deps);
}

describe('createGitVersionProbe()', () => {
  it('createGitVersionProbe() reads the git on PATH once while it can pin', async () => {
    const git = await writeFakeGit(temp.path, { versionOutput: 'git version 2.39.5\n' });
    const probe = makeProbe(git.bin);
    const [first, second] = await Promise.all([probe.read(), probe.read()]);
    assert.deepEqual(first, { ok: true, version: [2, 39, 5], label: '2.39.5' });
    assert.deepEqual(second, first);
    assert.deepEqual(await probe.read(), first);
    assert.deepEqual(await git.calls(), ['--version']);
  });

  it('createGitVersionProbe() reads Apple-style output', async () => {
    const versionOutput = 'git version 2.39.3 (Apple Git-146)\n';
    const git = await writeFakeGit(temp.path, { versionOutput });
    const reading = await makeProbe(git.bin).read();
    assert.deepEqual(reading, { ok: true, version: [2, 39, 3], label: '2.39.3 (Apple Git-146)' });
  });

  it('createGitVersionProbe() reads again after ttlMs', async () => {
    const git = await writeFakeGit(temp.path, { versionOutput: 'git version 2.39.5\n' });
    let now = 0;
    const probe = makeProbe(git.bin, { now: () => now });
    await probe.read();
    now = 999;
    await probe.read();
    assert.equal((await git.calls()).length, 1);
    now = 1000;
    await probe.read();
    assert.equal((await git.calls()).length, 2);
  });

  it('createGitVersionProbe() re-reads a git that cannot pin, so an upgrade is seen at once', async () => {
    const old = await writeFakeGit(temp.path, { versionOutput: 'git version 2.34.1\n' });
    const probe = makeProbe(old.bin);
    assert.deepEqual(await probe.read(), { ok: true, version: [2, 34, 1], label: '2.34.1' });
    await writeFakeGit(temp.path, { versionOutput: 'git version 2.43.0\n' });
    assert.deepEqual(await probe.read(), { ok: true, version: [2, 43, 0], label: '2.43.0' });
    assert.equal((await old.calls()).length, 2);
  });

  it('createGitVersionProbe() reports unparsable output and a failing git', async () => {
    const odd = await writeFakeGit(temp.path, { versionOutput: 'this is not git\n' });
    const reading = await makeProbe(odd.bin).read();
    assert.equal(reading.ok, false);
    assert.match(reading.ok ? '' : reading.detail, /printed "this is not git"/);
    const failing = await writeFakeGit(join(temp.path, 'f'), {
      versionOutput: 'git version 2.39.5\n',
      versionExit: 3,
    });
    const failed = await makeProbe(failing.bin).read();
    assert.deepEqual(failed, { ok: false, detail: 'git --version ended with code 3' });
  });

  it('createGitVersionProbe() reports a git that is not on PATH', async () => {
    const empty = join(temp.path, 'empty');
    await mkdir(empty);
    const reading = await makeProbe(empty).read();
    assert.deepEqual(reading, { ok: false, detail: 'git could not be started (ENOENT)' });
  });
});
