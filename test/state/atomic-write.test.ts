import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { writeFileAtomic, writeJsonAtomic } from '../../src/state/atomic-write.js';
import type { Fs } from '../../src/system/ports.js';
import { useSuiteTempDir } from '../support/temp.js';

// The real fs, with `open` of the temp file (flag 'wx') or of a directory ('r') changed.
function failingFs(which: 'close' | 'dir-sync'): Fs {
  const open = async (...args: Parameters<typeof fsp.open>) => {
    const handle = await fsp.open(...args);
    if (which === 'close' && args[1] === 'wx') {
      const close = handle.close.bind(handle);
      handle.close = async () => {
        await close();
        throw Object.assign(new Error('close failed'), { code: 'EIO' });
      };
    }
    if (which === 'dir-sync' && args[1] === 'r') {
      handle.sync = () => Promise.reject(Object.assign(new Error('sync'), { code: 'EIO' }));
    }
    return handle;
  };
  return { ...fsp, open } as unknown as Fs;
}

describe('writeFileAtomic()', () => {
  const dir = useSuiteTempDir();

  it('writeFileAtomic() replaces the file and leaves no temp file behind', async () => {
    const path = join(dir.path, 'doc.json');
    await fsp.writeFile(path, 'old');
    await writeFileAtomic(path, 'new', {}, { fs: fsp });
    assert.equal(await fsp.readFile(path, 'utf8'), 'new');
    assert.deepEqual(await fsp.readdir(dir.path), ['doc.json']);
  });

  it('writeFileAtomic() creates files owner-only by default', async () => {
    const path = join(dir.path, 'secret');
    await writeFileAtomic(path, 'x', {}, { fs: fsp });
    assert.equal((await fsp.stat(path)).mode & 0o777, 0o600);
  });

  it('writeFileAtomic() sets the mode exactly with exactMode, whatever the umask', async () => {
    const path = join(dir.path, 'shared');
    const previous = process.umask(0o077);
    try {
      await writeFileAtomic(path, 'x', { mode: 0o664, exactMode: true }, { fs: fsp });
    } finally {
      process.umask(previous);
    }
    assert.equal((await fsp.stat(path)).mode & 0o777, 0o664);
  });

  it('writeJsonAtomic() writes parseable JSON with a newline', async () => {
    const path = join(dir.path, 'v.json');
    await writeJsonAtomic(path, { a: 1 }, {}, { fs: fsp });
    const text = await fsp.readFile(path, 'utf8');
    assert.ok(text.endsWith('\n'));
    assert.deepEqual(JSON.parse(text), { a: 1 });
  });

  it('writeFileAtomic() fails without touching the target when the directory is missing', async () => {
    await assert.rejects(
      writeFileAtomic(join(dir.path, 'nope', 'x'), 'y', {}, { fs: fsp }),
      /ENOENT/,
    );
  });

  it('writeFileAtomic() removes the temp file when closing it fails', async () => {
    const path = join(dir.path, 'closing');
    await assert.rejects(writeFileAtomic(path, 'x', {}, { fs: failingFs('close') }), /close/);
    const left = (await fsp.readdir(dir.path)).filter((name) => name.includes('closing'));
    assert.deepEqual(left, []);
  });

  it('writeFileAtomic() runs afterRename before a failing directory fsync', async () => {
    const path = join(dir.path, 'dir-sync');
    let renamed = false;
    const afterRename = () => {
      renamed = true;
    };
    await assert.rejects(
      writeFileAtomic(path, 'x', { afterRename }, { fs: failingFs('dir-sync') }),
      /sync/,
    );
    assert.equal(renamed, true);
    assert.equal(await fsp.readFile(path, 'utf8'), 'x');
  });
});
