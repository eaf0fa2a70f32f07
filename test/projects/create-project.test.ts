import assert from 'node:assert/strict';
import { lstat, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkNewProjectName, createProject } from '../../src/projects/create-project.js';
import { createOptions as options, useCreateProjectEnv } from '../support/create-project-env.js';
import { buildFakeSecrets } from '../support/fake-secrets.js';

const { temp, deps, makeRoot, fakeFailingGit } = useCreateProjectEnv();

describe('checkNewProjectName()', () => {
  const GOOD = ['a', 'demo-app', 'My.Project_2', '9lives', 'x'.repeat(64)];
  for (const name of GOOD) {
    it(`checkNewProjectName() accepts ${JSON.stringify(name)}`, () => {
      assert.deepEqual(checkNewProjectName(name), { ok: true, value: name });
    });
  }
  const BAD: unknown[] = [
    '',
    '.',
    '..',
    '../x',
    'a/b',
    'a\\b',
    '.hidden',
    '.clone-tmp-x',
    '-x',
    'x'.repeat(65),
    'a b',
    'a..b',
    42,
    undefined,
  ];
  for (const name of BAD) {
    it(`checkNewProjectName() refuses ${JSON.stringify(name) ?? 'undefined'}`, () => {
      const checked = checkNewProjectName(name);
      assert.ok(!checked.ok);
      assert.equal(checked.code, 'invalid-project-name');
      assert.match(checked.detail, /project name/);
    });
  }
});

describe('createProject()', () => {
  it('createProject() makes an empty directory directly under the real root', async () => {
    const root = await makeRoot();
    const created = await createProject('demo', options(root), deps());
    assert.ok(created.ok, created.ok ? '' : created.detail);
    assert.equal(created.value.path, join(root, 'demo'));
    assert.equal(created.value.git, false);
    assert.deepEqual(await readdir(join(root, 'demo')), []);
  });

  it('createProject() accepts a symlinked projects_root and reports the real path', async () => {
    const root = await makeRoot();
    await symlink(root, join(temp.path, 'link'));
    const created = await createProject('demo', options(join(temp.path, 'link')), deps());
    assert.ok(created.ok);
    assert.equal(created.value.path, join(root, 'demo'));
  });

  it('createProject() refuses a bad name before touching the filesystem', async () => {
    const root = await makeRoot();
    for (const name of ['../x', '.hidden', 'a/b', '', 'x'.repeat(65)]) {
      const created = await createProject(name, options(root), deps());
      assert.ok(!created.ok);
      assert.equal(created.code, 'invalid-project-name');
    }
    assert.deepEqual(await readdir(temp.path), ['code']);
    assert.deepEqual(await readdir(root), []);
  });

  it('createProject() refuses an existing dir, file or (dangling) symlink and leaves it', async () => {
    const root = await makeRoot();
    await mkdir(join(root, 'dir'));
    await writeFile(join(root, 'dir', 'keep.txt'), 'mine');
    await writeFile(join(root, 'file'), 'mine');
    await symlink(join(temp.path, 'nowhere'), join(root, 'dangling'));
    await symlink(temp.path, join(root, 'outside'));
    for (const name of ['dir', 'file', 'dangling', 'outside']) {
      const created = await createProject(name, options(root, { gitInit: true }), deps());
      assert.ok(!created.ok, name);
      assert.equal(created.code, 'project-exists', name);
    }
    assert.equal(await readFile(join(root, 'dir', 'keep.txt'), 'utf8'), 'mine');
    assert.deepEqual(await readdir(join(root, 'dir')), ['keep.txt']);
    assert.equal(await readFile(join(root, 'file'), 'utf8'), 'mine');
    assert.ok((await lstat(join(root, 'dangling'))).isSymbolicLink());
    await assert.rejects(lstat(join(temp.path, 'nowhere')), { code: 'ENOENT' });
    assert.ok(!(await readdir(temp.path)).includes('.git'));
  });

  it('createProject() answers projects-root-unavailable for a missing or relative root', async () => {
    for (const root of [join(temp.path, 'missing'), 'relative/code', undefined]) {
      const created = await createProject('demo', options(root), deps());
      assert.ok(!created.ok);
      assert.equal(created.code, 'projects-root-unavailable');
    }
    assert.deepEqual(await readdir(temp.path), []);
  });

  it('createProject() refuses when clone.enabled is off and creates nothing', async () => {
    const root = await makeRoot();
    const created = await createProject('demo', options(root, { enabled: false }), deps());
    assert.ok(!created.ok);
    assert.equal(created.code, 'feature-disabled');
    assert.deepEqual(await readdir(root), []);
  });

  it('createProject() with gitInit makes a repository whose HEAD is main', async () => {
    const root = await makeRoot();
    const created = await createProject('repo', options(root, { gitInit: true }), deps());
    assert.ok(created.ok, created.ok ? '' : created.detail);
    assert.equal(created.value.git, true);
    const head = await readFile(join(root, 'repo', '.git', 'HEAD'), 'utf8');
    assert.equal(head.trim(), 'ref: refs/heads/main');
    assert.deepEqual(await readdir(join(root, 'repo')), ['.git']);
  });

  it('createProject() removes its directory when git cannot be started', async () => {
    const root = await makeRoot();
    const created = await createProject(
      'repo',
      options(root, { gitInit: true }),
      deps(join(temp.path, 'no-such-bin')),
    );
    assert.ok(!created.ok);
    assert.equal(created.code, 'git-init-failed');
    assert.match(created.detail, /cannot start git \(ENOENT\)/);
    assert.deepEqual(await readdir(root), []);
  });

  it('createProject() removes its directory when git init fails, redacting what git said', async () => {
    const root = await makeRoot();
    const secret = buildFakeSecrets().find((s) => s.shape === 'github classic');
    assert.ok(secret);
    const bin = await fakeFailingGit({ said: `fatal: broken ${secret.text}` });
    const created = await createProject('repo', options(root, { gitInit: true }), deps(bin));
    assert.ok(!created.ok);
    assert.equal(created.code, 'git-init-failed');
    assert.match(created.detail, /git init exited with code 1: fatal: broken/);
    assert.ok(!created.detail.includes(secret.hidden), created.detail);
    assert.deepEqual(await readdir(root), []);
  });
});
