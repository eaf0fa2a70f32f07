import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createProject } from '../../src/projects/create-project.js';
import type { Fs } from '../../src/system/ports.js';
import { createOptions as options, useCreateProjectEnv } from '../support/create-project-env.js';

const { temp, deps, makeRoot, fakeFailingGit } = useCreateProjectEnv();

/** Node deps whose fs calls are replaced where `overrides` says. */
function depsWithFs(overrides: Partial<Fs>, path = process.env.PATH ?? '') {
  const base = deps(path);
  return { ...base, fs: { ...base.fs, ...overrides } };
}

function failWith(code: string): () => Promise<never> {
  return async () => {
    throw Object.assign(new Error(`fake ${code}`), { code });
  };
}

describe('createProject() cleanup and failures', () => {
  it('createProject() with gitInit copies no template, whatever the user git config says', async () => {
    const root = await makeRoot();
    const templates = join(temp.path, 'templates');
    await mkdir(join(templates, 'hooks'), { recursive: true });
    await writeFile(join(templates, 'hooks', 'post-checkout'), '#!/bin/sh\nexit 0\n');
    const config = `[init]\n\ttemplateDir = ${templates}\n[core]\n\thooksPath = ${templates}/hooks\n`;
    await writeFile(join(temp.path, '.gitconfig'), config);
    const created = await createProject('repo', options(root, { gitInit: true }), deps());
    assert.ok(created.ok, created.ok ? '' : created.detail);
    // Without `--template=` git copies its system templates (hooks/, info/, description).
    assert.deepEqual((await readdir(join(root, 'repo', '.git'))).sort(), [
      'HEAD',
      'config',
      'objects',
      'refs',
    ]);
    assert.doesNotMatch(await readFile(join(root, 'repo', '.git', 'config'), 'utf8'), /hooks/i);
  });

  it('createProject() keeps its directory when something else was written into it', async () => {
    const root = await makeRoot();
    const bin = await fakeFailingGit({ also: 'echo mine > "$dir/other.txt"\n' });
    const created = await createProject('repo', options(root, { gitInit: true }), deps(bin));
    assert.ok(!created.ok);
    assert.equal(created.code, 'git-init-failed');
    assert.match(created.detail, /; kept .*repo: something else was written into it meanwhile$/);
    // Only what git made went: the other file is left where it was.
    assert.deepEqual(await readdir(join(root, 'repo')), ['other.txt']);
  });

  it('createProject() never deletes a file written while it cleans up', async () => {
    const root = await makeRoot();
    const bin = await fakeFailingGit();
    const rm: Fs['rm'] = async (path, opts) => {
      // Another writer lands a file just as the cleanup starts.
      await writeFile(join(root, 'repo', 'late.txt'), 'mine');
      return fsp.rm(path, opts);
    };
    const created = await createProject(
      'repo',
      options(root, { gitInit: true }),
      depsWithFs({ rm }, bin),
    );
    assert.ok(!created.ok);
    assert.match(created.detail, /something else was written into it meanwhile/);
    assert.equal(await readFile(join(root, 'repo', 'late.txt'), 'utf8'), 'mine');
  });

  for (const code of ['ENOSPC', 'EROFS', 'EACCES', 'EIO']) {
    it(`createProject() answers create-failed when mkdir fails with ${code}`, async () => {
      const root = await makeRoot();
      const created = await createProject(
        'demo',
        options(root),
        depsWithFs({ mkdir: failWith(code) }),
      );
      assert.ok(!created.ok);
      assert.equal(created.code, 'create-failed');
      assert.equal(created.detail, `cannot create ${join(root, 'demo')} (${code})`);
    });
  }

  it('createProject() keeps projects-root-unavailable when the root vanished (ENOENT)', async () => {
    const root = await makeRoot();
    const created = await createProject(
      'demo',
      options(root),
      depsWithFs({ mkdir: failWith('ENOENT') }),
    );
    assert.ok(!created.ok);
    assert.equal(created.code, 'projects-root-unavailable');
  });

  it('createProject() removes the directory when it no longer resolves as the project', async () => {
    const root = await makeRoot();
    const realpath = (async (path: string) => {
      if (path.endsWith('/demo')) throw Object.assign(new Error('fake'), { code: 'EACCES' });
      return fsp.realpath(path);
    }) as Fs['realpath'];
    const created = await createProject('demo', options(root), depsWithFs({ realpath }));
    assert.ok(!created.ok);
    assert.equal(created.code, 'create-failed');
    assert.match(created.detail, /^project demo changed while it was created; removed /);
    assert.deepEqual(await readdir(root), []);
  });
});
