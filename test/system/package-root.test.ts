import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  findPackageRoot,
  resolvePackagePath,
  resolvePackageRoot,
} from '../../src/system/package-root.js';
import { useTempDir } from '../support/temp.js';

const CHECKOUT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

describe('findPackageRoot()', () => {
  const temp = useTempDir();

  it('findPackageRoot() walks up past other packages to the one with the name', async () => {
    const root = join(temp.path, 'app');
    const deep = join(root, 'node_modules', 'dep', 'dist', 'chunks');
    await mkdir(deep, { recursive: true });
    await writeFile(join(root, 'package.json'), '{"name":"clauster"}');
    await writeFile(join(root, 'node_modules', 'dep', 'package.json'), '{"name":"dep"}');
    await writeFile(join(root, 'node_modules', 'dep', 'dist', 'package.json'), 'not json');
    assert.equal(findPackageRoot(deep), root);
    assert.equal(findPackageRoot(deep, 'dep'), join(root, 'node_modules', 'dep'));
  });

  it('findPackageRoot() answers null when no parent holds the package', async () => {
    assert.equal(findPackageRoot(temp.path, 'clauster-no-such-package'), null);
  });
});

describe('resolvePackageRoot()', () => {
  it('resolvePackageRoot() finds this checkout from src/system', () => {
    assert.equal(resolvePackageRoot(), CHECKOUT);
  });
});

describe('resolvePackagePath()', () => {
  it('resolvePackagePath() joins segments under the package root', () => {
    assert.equal(resolvePackagePath('web', 'dist'), join(CHECKOUT, 'web', 'dist'));
  });
});
