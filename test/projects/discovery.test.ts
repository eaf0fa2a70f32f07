import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { findGitRoot, listProjects, resolveProject } from '../../src/projects/discovery.js';
import { makeTempDir, useSuiteTempDir } from '../support/temp.js';

describe('listProjects()', () => {
  const temp = useSuiteTempDir();
  let root: string;

  before(async () => {
    root = join(temp.path, 'projects');
    await fs.mkdir(root);
    for (const dir of ['alpha', 'beta', '.hidden', '.clone-tmp-1', 'bad name', 'repo']) {
      await fs.mkdir(join(root, dir));
    }
    await fs.mkdir(join(root, 'repo', '.git'));
    await fs.writeFile(join(root, 'file.txt'), 'not a dir');
    await fs.mkdir(join(temp.path, 'outside'));
    await fs.symlink(join(temp.path, 'outside'), join(root, 'escape'));
    await fs.symlink(join(root, 'alpha'), join(root, 'alias'));
  });

  it('listProjects() returns valid child directories with git flag and settings', async () => {
    const result = await listProjects(
      {
        projectsRoot: root,
        settings: { beta: { autostart: true, allow_bypass_permissions: true } },
      },
      { fs },
    );
    assert.ok(result.ok);
    const names = result.value.map((p) => p.name);
    assert.deepEqual(names, ['alias', 'alpha', 'beta', 'repo']);
    const repo = result.value.find((p) => p.name === 'repo');
    assert.equal(repo?.git, true);
    assert.equal(result.value.find((p) => p.name === 'alpha')?.git, false);
    const beta = result.value.find((p) => p.name === 'beta');
    assert.deepEqual(beta?.settings, { allow_bypass_permissions: true, autostart: true });
    assert.equal(beta?.path, join(await fs.realpath(root), 'beta'));
  });

  it('listProjects() reports a missing projects_root naming the key', async () => {
    const missing = await listProjects({ projectsRoot: join(temp.path, 'nope') }, { fs });
    assert.equal(missing.ok, false);
    if (!missing.ok) {
      assert.equal(missing.code, 'projects-root-unavailable');
      assert.match(missing.detail, /^projects_root: /);
    }
    const unset = await listProjects({ projectsRoot: undefined }, { fs });
    assert.equal(unset.ok, false);
  });

  it('resolveProject() refuses names with separators, dot-dot, hidden and unknown names', async () => {
    const options = { projectsRoot: root };
    for (const [name, code] of [
      ['../outside', 'invalid-project-name'],
      ['alpha/..', 'invalid-project-name'],
      ['..', 'invalid-project-name'],
      ['.hidden', 'invalid-project-name'],
      ['missing', 'unknown-project'],
      ['file.txt', 'unknown-project'],
      ['escape', 'path-escape'],
    ] as const) {
      const result = await resolveProject(name, options, { fs });
      assert.equal(result.ok, false, name);
      if (!result.ok) assert.equal(result.code, code, name);
    }
  });

  it('resolveProject() re-checks containment at every call', async () => {
    const options = { projectsRoot: root };
    const first = await resolveProject('beta', options, { fs });
    assert.ok(first.ok);
    await fs.rm(join(root, 'beta'), { recursive: true });
    await fs.symlink(join(temp.path, 'outside'), join(root, 'beta'));
    const second = await resolveProject('beta', options, { fs });
    assert.equal(second.ok, false);
    if (!second.ok) assert.equal(second.code, 'path-escape');
  });
});

describe('findGitRoot()', () => {
  it('findGitRoot() finds the nearest enclosing repository or null', async () => {
    const temp = await makeTempDir();
    try {
      await fs.mkdir(join(temp.path, 'r', '.git'), { recursive: true });
      await fs.mkdir(join(temp.path, 'r', 'sub', 'deep'), { recursive: true });
      assert.equal(
        await findGitRoot(join(temp.path, 'r', 'sub', 'deep'), { fs }),
        join(temp.path, 'r'),
      );
      assert.equal(await findGitRoot(join(temp.path, 'r'), { fs }), join(temp.path, 'r'));
      assert.equal(await findGitRoot(temp.path, { fs }), null);
    } finally {
      await temp.cleanup();
    }
  });
});
