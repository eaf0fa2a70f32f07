import assert from 'node:assert/strict';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  deriveProjectName,
  readCloneDepth,
  resolveCloneDestination,
} from '../../src/projects/clone-request.js';
import { createNodeDeps } from '../../src/system/node.js';
import { useTempDir } from '../support/temp.js';

describe('deriveProjectName()', () => {
  it('deriveProjectName() takes the last path segment without .git', () => {
    assert.equal(deriveProjectName('/owner/repo.git'), 'repo');
    assert.equal(deriveProjectName('/owner/repo/'), 'repo');
    assert.equal(deriveProjectName('owner/repo.git'), 'repo');
    assert.equal(deriveProjectName('/'), '');
  });
});

describe('readCloneDepth()', () => {
  it('readCloneDepth() accepts nothing or a whole number from 1', () => {
    assert.deepEqual(readCloneDepth(undefined), { ok: true, value: undefined });
    assert.deepEqual(readCloneDepth(null), { ok: true, value: undefined });
    assert.deepEqual(readCloneDepth(1), { ok: true, value: 1 });
  });

  for (const bad of [0, -1, 1.5, '1', true, 1e9, Number.NaN]) {
    it(`readCloneDepth() refuses ${JSON.stringify(bad)}`, () => {
      const result = readCloneDepth(bad);
      assert.ok(!result.ok);
      assert.equal(result.code, 'invalid-option');
      assert.match(result.detail, /^depth: expected a whole number/);
    });
  }
});

describe('readCloneDepth() and secrets', () => {
  it('readCloneDepth() masks a token behind a control character in the value it shows', () => {
    const token = `ghp_${'A1b2C3d4'.repeat(4)}Zz9y`;
    for (const bad of [`\u0000${token}`, `\n${token}`, `\u009d${token}`]) {
      const result = readCloneDepth(bad);
      assert.ok(!result.ok);
      assert.doesNotMatch(result.detail, /A1b2C3d4/, JSON.stringify(bad));
    }
  });
});

describe('resolveCloneDestination()', () => {
  const root = useTempDir('clauster-clone-dest-');
  const deps = createNodeDeps({ HOME: '/nonexistent' });

  it('resolveCloneDestination() derives the name from the URL path', async () => {
    const result = await resolveCloneDestination(
      undefined,
      { urlPath: '/o/repo.git', projectsRoot: root.path },
      deps,
    );
    assert.ok(result.ok);
    assert.equal(result.value.name, 'repo');
  });

  it('resolveCloneDestination() refuses hidden, traversing and derived-invalid names', async () => {
    for (const [name, urlPath] of [
      ['.hidden', '/o/r'],
      ['..', '/o/r'],
      ['a/b', '/o/r'],
      [undefined, '/o/.git'],
    ] as const) {
      const result = await resolveCloneDestination(
        name,
        { urlPath, projectsRoot: root.path },
        deps,
      );
      assert.ok(!result.ok);
      assert.equal(result.code, 'invalid-project-name', String(name));
    }
  });

  it('resolveCloneDestination() refuses an existing entry, even a dangling symlink', async () => {
    await mkdir(join(root.path, 'dir'));
    await symlink('/nonexistent-target', join(root.path, 'link'));
    for (const name of ['dir', 'link']) {
      const result = await resolveCloneDestination(
        name,
        { urlPath: '/o/r', projectsRoot: root.path },
        deps,
      );
      assert.ok(!result.ok);
      assert.equal(result.code, 'project-exists');
    }
  });

  it('resolveCloneDestination() refuses a missing projects_root', async () => {
    const result = await resolveCloneDestination(
      'r',
      { urlPath: '/o/r', projectsRoot: undefined },
      deps,
    );
    assert.ok(!result.ok);
    assert.equal(result.code, 'projects-root-unavailable');
  });
});
