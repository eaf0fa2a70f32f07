import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { inspectLockPath, refuseNonFile } from '../../src/state/lock-path.js';
import { useTempDir } from '../support/temp.js';

const temp = useTempDir();

describe('inspectLockPath()', () => {
  it('inspectLockPath() passes nothing, a lock, garbage and a link to a readable file', async () => {
    const path = join(temp.path, 'instance.lock');
    assert.equal(await inspectLockPath(path, fs), null);
    await fs.writeFile(path, 'not json');
    assert.equal(await inspectLockPath(path, fs), null);
    await fs.rm(path);
    await fs.writeFile(join(temp.path, 'elsewhere'), '{}');
    await fs.symlink(join(temp.path, 'elsewhere'), path);
    assert.equal(await inspectLockPath(path, fs), null);
  });

  it('inspectLockPath() names a directory and a dangling link', async () => {
    const path = join(temp.path, 'instance.lock');
    await fs.mkdir(path);
    assert.deepEqual(await inspectLockPath(path, fs), { kind: 'directory' });
    await fs.rm(path, { recursive: true });
    await fs.symlink(join(temp.path, 'unmounted', 'lock'), path);
    assert.deepEqual(await inspectLockPath(path, fs), { kind: 'symlink' });
  });

  it('inspectLockPath() names a FIFO and a link to one without opening either', {
    timeout: 10_000,
  }, async () => {
    const path = join(temp.path, 'instance.lock');
    execFileSync('mkfifo', [path]);
    assert.deepEqual(await inspectLockPath(path, fs), { kind: 'not-a-file' });
    await fs.rm(path);
    const fifo = join(temp.path, 'elsewhere.fifo');
    execFileSync('mkfifo', [fifo]);
    await fs.symlink(fifo, path);
    assert.deepEqual(await inspectLockPath(path, fs), { kind: 'symlink' });
  });
});

describe('refuseNonFile()', () => {
  it('refuseNonFile() throws lock-path-invalid for a directory and returns for a file', async () => {
    const path = join(temp.path, 'instance.lock');
    await fs.writeFile(path, '');
    await refuseNonFile(path, fs);
    await fs.rm(path);
    await fs.mkdir(path);
    await assert.rejects(refuseNonFile(path, fs), {
      code: 'lock-path-invalid',
      message: `${path} is a directory, not clauster's lock file; no clauster writes one there: remove it (rm -r ${JSON.stringify(path)}) and start again`,
    });
  });
});
