/**
 * The clone service's git gate: https clones by host name need a git that pins them to the
 * checked addresses (2.37+). A fake `git` on a PATH of its own prints the chosen version and
 * fails every clone, so no network and no real git are involved.
 */
import assert from 'node:assert/strict';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createCloneService } from '../../src/projects/clone-jobs.js';
import { createNodeDeps } from '../../src/system/node.js';
import type { Lookup } from '../../src/system/ports.js';
import { writeFakeGit } from '../support/fake-git.js';
import { useTempDir } from '../support/temp.js';

const stubLookup: Lookup = async (host) => {
  if (host === 'github.example') return [{ address: '140.82.112.3', family: 4 }];
  throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
};

const temp = useTempDir('clauster-clone-gitver-');

async function makeService(path: string) {
  const projectsRoot = join(temp.path, 'projects');
  await mkdir(projectsRoot);
  const deps = { ...createNodeDeps({ PATH: path, HOME: temp.path }), lookup: stubLookup };
  const service = createCloneService(
    {
      projectsRoot,
      clone: {
        enabled: true,
        allowed_schemes: ['https', 'ssh'],
        allow_private_hosts: false,
        allowed_private_cidrs: [],
        timeout_seconds: 60,
        max_mb: 100,
      },
    },
    deps,
  );
  return { service, projectsRoot };
}

/** Starts a clone that must pass the gate, and waits for the fake git to fail it. */
async function startAndFinish(
  service: Awaited<ReturnType<typeof makeService>>['service'],
  url: string,
) {
  const started = await service.start({ url });
  assert.ok(started.ok, started.ok ? '' : `${started.code}: ${started.detail}`);
  const done = await service.wait(started.value.id);
  assert.equal(done?.status, 'failed');
  assert.match(done?.error ?? '', /^git-failed: .*fatal: fake git does not clone/);
}

describe('createCloneService() git version gate', () => {
  it('createCloneService() refuses an https clone by name with git 2.34, spawning only --version', async () => {
    const git = await writeFakeGit(temp.path, { versionOutput: 'git version 2.34.1\n' });
    const { service, projectsRoot } = await makeService(git.bin);
    const started = await service.start({ url: 'https://github.example/o/r.git' });
    assert.equal(started.ok, false);
    if (started.ok) return;
    assert.equal(started.code, 'git-too-old');
    assert.match(started.detail, /^git 2\.34\.1 is too old: https clones need git 2\.37 or newer/);
    assert.match(started.detail, /upgrade to git 2\.37 or newer$/);
    assert.deepEqual(await git.calls(), ['--version']);
    assert.deepEqual(service.list(), []);
    assert.deepEqual(await readdir(projectsRoot), []);
  });

  it('createCloneService() still clones over ssh and to an IP literal with git 2.34 (no pin needed)', async () => {
    const git = await writeFakeGit(temp.path, { versionOutput: 'git version 2.34.1\n' });
    const { service } = await makeService(git.bin);
    await startAndFinish(service, 'git@github.example:o/ssh-repo.git');
    await startAndFinish(service, 'https://140.82.112.3/o/ip-repo.git');
    const calls = await git.calls();
    assert.ok(!calls.includes('--version'), calls.join('\n'));
    assert.equal(calls.filter((line) => / clone /.test(line)).length, 2);
  });

  for (const versionOutput of ['git version 2.37.0\n', 'git version 2.39.3 (Apple Git-146)\n']) {
    it(`createCloneService() clones https by name, pinned, with ${versionOutput.trim()}`, async () => {
      const git = await writeFakeGit(temp.path, { versionOutput });
      const { service } = await makeService(git.bin);
      await startAndFinish(service, 'https://github.example/o/r.git');
      const [probe, clone] = await git.calls();
      assert.equal(probe, '--version');
      assert.match(clone ?? '', /-c http\.curloptResolve=github\.example:443:140\.82\.112\.3 /);
    });
  }

  it('createCloneService() refuses an https clone by name when git prints no version', async () => {
    const git = await writeFakeGit(temp.path, { versionOutput: 'hello from a wrapper\n' });
    const { service } = await makeService(git.bin);
    const started = await service.start({ url: 'https://github.example/o/r.git' });
    assert.equal(started.ok, false);
    if (started.ok) return;
    assert.equal(started.code, 'git-version-unknown');
    assert.match(started.detail, /git --version printed "hello from a wrapper"/);
    assert.match(started.detail, /install git 2\.37 or newer$/);
    assert.deepEqual(await git.calls(), ['--version']);
  });

  it('createCloneService() refuses an https clone by name when git is missing', async () => {
    const empty = join(temp.path, 'empty-bin');
    await mkdir(empty);
    const { service } = await makeService(empty);
    const started = await service.start({ url: 'https://github.example/o/r.git' });
    assert.equal(started.ok, false);
    if (started.ok) return;
    assert.equal(started.code, 'git-version-unknown');
    assert.match(started.detail, /git could not be started \(ENOENT\)/);
  });
});
