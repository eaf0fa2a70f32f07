import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { writeFileAtomic, writeJsonAtomic } from '../../src/state/atomic-write.js';
import { useSuiteTempDir } from '../support/temp.js';

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
});
