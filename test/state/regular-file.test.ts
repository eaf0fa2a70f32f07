import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  NotRegularFileError,
  openRegularFile,
  readRegularFile,
} from '../../src/state/regular-file.js';
import { useTempDir } from '../support/temp.js';

const temp = useTempDir();

describe('readRegularFile()', () => {
  it('readRegularFile() reads a file and a link to one as readFile does', async () => {
    const path = join(temp.path, 'state.json');
    await fs.writeFile(path, '{"a":1}');
    await fs.symlink(path, join(temp.path, 'link.json'));
    assert.equal(await readRegularFile(path, fs, 'utf8'), '{"a":1}');
    assert.deepEqual(
      await readRegularFile(join(temp.path, 'link.json'), fs),
      Buffer.from('{"a":1}'),
    );
  });

  it('readRegularFile() fails as readFile does for a missing path, a dangling link and a directory', async () => {
    await fs.symlink(join(temp.path, 'gone'), join(temp.path, 'dangling'));
    await fs.mkdir(join(temp.path, 'folder'));
    for (const [name, code] of [
      ['missing', 'ENOENT'],
      ['dangling', 'ENOENT'],
      ['folder', 'EISDIR'],
    ] as const) {
      await assert.rejects(readRegularFile(join(temp.path, name), fs), { code }, name);
    }
  });

  it('readRegularFile() refuses a FIFO and a link to one without opening either', {
    timeout: 10_000,
  }, async () => {
    const path = join(temp.path, 'state.json');
    execFileSync('mkfifo', [path]);
    await fs.symlink(path, join(temp.path, 'link.json'));
    for (const file of [path, join(temp.path, 'link.json')]) {
      await assert.rejects(readRegularFile(file, fs, 'utf8'), (error: unknown) => {
        assert.ok(error instanceof NotRegularFileError);
        assert.equal(error.code, 'not-regular-file');
        assert.equal(error.path, file);
        assert.equal(error.message, `${file} is not a regular file (a FIFO? a device?): remove it`);
        return true;
      });
    }
  });

  it('readRegularFile() refuses a device without reading it', async () => {
    // /dev/zero never ends: readFile would fill memory before it gave up.
    await assert.rejects(readRegularFile('/dev/zero', fs), NotRegularFileError);
  });
});

describe('openRegularFile()', () => {
  it('openRegularFile() opens a file for reading and refuses a FIFO without waiting on it', {
    timeout: 10_000,
  }, async () => {
    const path = join(temp.path, 'out.log');
    await fs.writeFile(path, 'line\n');
    const handle = await openRegularFile(path, fs);
    try {
      assert.equal(await handle.readFile('utf8'), 'line\n');
    } finally {
      await handle.close();
    }
    const fifo = join(temp.path, 'fifo.log');
    execFileSync('mkfifo', [fifo]);
    await assert.rejects(openRegularFile(fifo, fs), NotRegularFileError);
    await assert.rejects(openRegularFile(join(temp.path, 'missing.log'), fs), { code: 'ENOENT' });
  });
});
