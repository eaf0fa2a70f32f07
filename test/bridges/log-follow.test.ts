import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createFileFollower, readChunks, readFileTail } from '../../src/bridges/log-follow.js';
import { createCountingFs } from '../support/counting-fs.js';
import { makeTempDir } from '../support/temp.js';

const temps: Array<{ cleanup(): Promise<void> }> = [];
after(async () => {
  for (const temp of temps) await temp.cleanup();
});

async function tempFile(name: string): Promise<string> {
  const temp = await makeTempDir('clauster-follow-');
  temps.push(temp);
  return join(temp.path, name);
}

describe('createFileFollower()', () => {
  it('createFileFollower() reads only appended bytes and only stats a file that did not grow', async () => {
    const path = await tempFile('stdout.log');
    await fsp.writeFile(path, 'a'.repeat(100_000));
    const counting = createCountingFs();
    const follower = createFileFollower(path, counting);
    assert.equal((await follower.read()).length, 100_000);
    assert.equal(counting.bytesRead(), 100_000);

    counting.reset();
    for (let i = 0; i < 5; i += 1) assert.equal(await follower.read(), '');
    assert.equal(counting.count('open'), 0, 'an unchanged file is never opened');
    assert.equal(counting.count('stat'), 5, 'one stat per read');
    assert.equal(counting.bytesRead(), 0);

    await fsp.appendFile(path, 'new line\n');
    assert.equal(await follower.read(), 'new line\n');
    assert.equal(counting.bytesRead(), 9, 'only the appended bytes are read');
  });

  it('createFileFollower() keeps a character split across reads and restarts after truncation', async () => {
    const path = await tempFile('debug.log');
    const euro = Buffer.from('€', 'utf8');
    await fsp.writeFile(path, Buffer.concat([Buffer.from('x'), euro.subarray(0, 1)]));
    const counting = createCountingFs();
    const follower = createFileFollower(path, counting);
    assert.equal(await follower.read(), 'x');
    await fsp.appendFile(path, euro.subarray(1));
    assert.equal(await follower.read(), '€');
    await fsp.writeFile(path, 'ab');
    assert.equal(await follower.read(), 'ab', 'a smaller file is read from its start');
  });

  it('createFileFollower() reads a missing file as empty', async () => {
    const follower = createFileFollower(await tempFile('missing.log'), createCountingFs());
    assert.equal(await follower.read(), '');
  });
});

describe('readFileTail()', () => {
  it('readFileTail() returns the last bytes of a file', async () => {
    const path = await tempFile('stderr.log');
    await fsp.writeFile(path, '0123456789');
    assert.equal(await readFileTail(path, 4, createCountingFs()), '6789');
  });

  it('readFileTail() reads a FIFO in place of a log as empty, never waiting on it', {
    timeout: 10_000,
  }, async () => {
    const path = await tempFile('stderr.log');
    execFileSync('mkfifo', [path]);
    assert.equal(await readFileTail(path, 4, { fs: fsp }), '');
  });
});

describe('readChunks()', () => {
  it('readChunks() hands out the range in 64 KiB chunks and opens nothing for an empty range', async () => {
    const path = await tempFile('debug.raw.log');
    await fsp.writeFile(path, Buffer.alloc(150_000, 'x'));
    const counting = createCountingFs();
    const sizes: number[] = [];
    const onChunk = (bytes: Buffer) => {
      sizes.push(bytes.length);
    };
    assert.equal(await readChunks(path, { from: 10, to: 150_000, onChunk }, counting), 150_000);
    assert.deepEqual(sizes, [65_536, 65_536, 18_918]);
    counting.reset();
    assert.equal(
      await readChunks(path, { from: 150_000, to: 150_000, onChunk }, counting),
      150_000,
    );
    assert.equal(counting.count('open'), 0);
    assert.equal(sizes.length, 3);
  });

  it('readChunks() stops where a shrunken or missing file ends', async () => {
    const path = await tempFile('stdout.raw.log');
    await fsp.writeFile(path, 'abc');
    const seen: string[] = [];
    const onChunk = (bytes: Buffer) => {
      seen.push(bytes.toString('utf8'));
    };
    assert.equal(await readChunks(path, { from: 1, to: 10, onChunk }, createCountingFs()), 3);
    assert.deepEqual(seen, ['bc']);
    const missing = `${path}.gone`;
    assert.equal(await readChunks(missing, { from: 4, to: 10, onChunk }, createCountingFs()), 4);
  });
});
