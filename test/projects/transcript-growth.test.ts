import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { appendFile, rename, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createTranscriptCache, type FileRead } from '../../src/projects/transcript-file.js';
import type { Fs } from '../../src/system/ports.js';
import { createCountingFs } from '../support/counting-fs.js';
import { useTempDir } from '../support/temp.js';
import { assistantLine } from '../support/transcript-lines.js';

const tmp = useTempDir('clauster-transcript-growth-');

const line = (n: number) => `${assistantLine({ id: `msg_fake${String(n).padStart(4, '0')}` })}\n`;

function ids(read: FileRead): string[] {
  assert.ok(read.ok, read.ok ? '' : read.detail);
  return [...read.value.messages.keys()];
}

describe('createTranscriptCache() on a growing file', () => {
  it('createTranscriptCache() reads only the bytes appended since the last read', async () => {
    const counting = createCountingFs();
    const cache = createTranscriptCache();
    const path = join(tmp.path, 'grow.jsonl');
    await writeFile(path, line(1) + line(2));
    assert.deepEqual(ids(await cache.read(path, counting)), ['msg_fake0001', 'msg_fake0002']);
    counting.reset();
    await cache.read(path, counting);
    assert.equal(counting.bytesRead(), 0);

    await appendFile(path, line(3));
    const grown = await cache.read(path, counting);
    assert.equal(counting.bytesRead(), Buffer.byteLength(line(3)));
    assert.deepEqual(ids(grown), ['msg_fake0001', 'msg_fake0002', 'msg_fake0003']);
  });

  it('createTranscriptCache() leaves a last line without newline for the next read, unskipped', async () => {
    const counting = createCountingFs();
    const cache = createTranscriptCache();
    const path = join(tmp.path, 'partial.jsonl');
    const next = line(2);
    const cut = 40;
    await writeFile(path, line(1) + next.slice(0, cut));
    const first = await cache.read(path, counting);
    assert.deepEqual(ids(first), ['msg_fake0001']);
    assert.equal(first.ok && first.value.skipped, 0);

    counting.reset();
    await appendFile(path, next.slice(cut));
    const second = await cache.read(path, counting);
    assert.deepEqual(ids(second), ['msg_fake0001', 'msg_fake0002']);
    assert.equal(second.ok && second.value.skipped, 0);
    // The unfinished line is read again from its start, and nothing before it.
    assert.equal(counting.bytesRead(), Buffer.byteLength(next));
  });

  it('createTranscriptCache() reads a file again in full when it shrank', async () => {
    const counting = createCountingFs();
    const cache = createTranscriptCache();
    const path = join(tmp.path, 'shrink.jsonl');
    await writeFile(path, line(1) + line(2));
    await cache.read(path, counting);
    await truncate(path, 0);
    await writeFile(path, line(3));
    assert.deepEqual(ids(await cache.read(path, counting)), ['msg_fake0003']);
  });

  it('createTranscriptCache() reads a file again in full when another inode took its name', async () => {
    const counting = createCountingFs();
    const cache = createTranscriptCache();
    const path = join(tmp.path, 'swap.jsonl');
    await writeFile(path, line(1));
    await cache.read(path, counting);
    const other = join(tmp.path, 'other.jsonl');
    await writeFile(other, line(2) + line(3));
    await rename(other, path);
    assert.deepEqual(ids(await cache.read(path, counting)), ['msg_fake0002', 'msg_fake0003']);
  });

  it('createTranscriptCache() keeps nothing for a file over its message cap alone', async () => {
    const counting = createCountingFs();
    const cache = createTranscriptCache({ maxMessages: 2 });
    const path = join(tmp.path, 'big.jsonl');
    await writeFile(path, line(1) + line(2) + line(3));
    await cache.read(path, counting);
    await cache.read(path, counting);
    assert.equal(counting.count('open'), 2);
  });
});

describe('createTranscriptCache() and symlinks', () => {
  it('createTranscriptCache() refuses a transcript swapped for a symlink to another file', async () => {
    const counting = createCountingFs();
    const cache = createTranscriptCache();
    const outside = join(tmp.path, 'outside.jsonl');
    await writeFile(outside, line(9));
    const path = join(tmp.path, 'swapped.jsonl');
    await writeFile(path, line(1));
    assert.deepEqual(ids(await cache.read(path, counting)), ['msg_fake0001']);
    await rm(path);
    await symlink(outside, path);
    const read = await cache.read(path, counting);
    assert.equal(read.ok, false);
    assert.match(read.ok ? '' : read.detail, /not a regular file/);
  });

  it('createTranscriptCache() opens without following a symlink swapped in after the check', async () => {
    const outside = join(tmp.path, 'outside2.jsonl');
    await writeFile(outside, line(9));
    const path = join(tmp.path, 'racing.jsonl');
    await writeFile(path, line(1));
    // The swap lands between lstat (a regular file) and open.
    const racing: Fs = {
      ...fsp,
      open: (async (...args: Parameters<Fs['open']>) => {
        await rm(path);
        await symlink(outside, path);
        return fsp.open(...args);
      }) as Fs['open'],
    };
    const read = await createTranscriptCache().read(path, { fs: racing });
    assert.equal(read.ok, false);
    assert.match(read.ok ? '' : read.detail, /ELOOP/);
  });
});
