import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lstatOrNull } from '../src/fs-errors.js';
import { useTempDir } from './support/temp.js';

const dir = useTempDir('clauster-fs-errors-');

describe('lstatOrNull()', () => {
  it('lstatOrNull() is null for a missing path and the link itself for a link', async () => {
    assert.equal(await lstatOrNull(join(dir.path, 'none'), fsp), null);
    const link = join(dir.path, 'link');
    await fsp.symlink(join(dir.path, 'none'), link);
    assert.equal((await lstatOrNull(link, fsp))?.isSymbolicLink(), true);
  });

  it('lstatOrNull() rethrows any other error', async () => {
    const file = join(dir.path, 'file');
    await fsp.writeFile(file, 'x\n');
    await assert.rejects(lstatOrNull(join(file, 'under'), fsp), { code: 'ENOTDIR' });
  });
});
