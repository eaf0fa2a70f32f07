import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  createTranscriptCache,
  type FileUsage,
  MAX_TRANSCRIPT_LINE,
} from '../../src/projects/transcript-file.js';
import { createCountingFs } from '../support/counting-fs.js';
import { useTempDir } from '../support/temp.js';
import { assistantLine, userLine } from '../support/transcript-lines.js';

const tmp = useTempDir('clauster-transcript-');

/** One file read through a fresh cache: nothing kept between reads. */
function readTranscriptFile(
  path: string,
  deps: Parameters<ReturnType<typeof createTranscriptCache>['read']>[1],
) {
  return createTranscriptCache().read(path, deps);
}

async function write(name: string, lines: readonly string[]): Promise<string> {
  const path = join(tmp.path, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

async function readOk(path: string): Promise<FileUsage> {
  const read = await readTranscriptFile(path, createCountingFs());
  assert.ok(read.ok, read.ok ? '' : read.detail);
  return read.value;
}

describe('readTranscriptFile()', () => {
  it('readTranscriptFile() counts a message id once however many lines repeat it', async () => {
    const repeated = assistantLine({ id: 'msg_fake0001', usage: { output_tokens: 30 } });
    const path = await write('a.jsonl', [
      userLine(),
      assistantLine({ id: 'msg_fake0001', usage: { output_tokens: 12 } }),
      repeated,
      repeated,
      assistantLine({ id: 'msg_fake0002', sidechain: true, session: 'sess-fake-2' }),
      assistantLine({ id: null, timestamp: '2026-03-02T00:00:00.000Z' }),
      assistantLine({ id: null, timestamp: '2026-02-28T00:00:00.000Z' }),
    ]);
    const usage = await readOk(path);
    assert.deepEqual([...usage.messages.keys()], ['msg_fake0001', 'msg_fake0002']);
    assert.equal(usage.messages.get('msg_fake0001')?.output, 30);
    assert.equal(usage.anonymous.length, 2);
    assert.deepEqual([...usage.sessions].sort(), ['sess-fake-1', 'sess-fake-2']);
    assert.equal(usage.first, Date.parse('2026-02-28T00:00:00.000Z'));
    assert.equal(usage.last, Date.parse('2026-03-02T00:00:00.000Z'));
    assert.equal(usage.skipped, 0);
  });

  it('readTranscriptFile() skips and counts garbled lines, then reads on', async () => {
    const path = await write('b.jsonl', ['{"type":', 'not json', '', assistantLine(), '[]']);
    const usage = await readOk(path);
    assert.equal(usage.skipped, 3);
    assert.equal(usage.messages.size, 1);
  });

  it('readTranscriptFile() reads a line that spans read chunks', async () => {
    const big = assistantLine({ id: 'msg_fake0003' }).replace('"ok"', `"${'x'.repeat(700_000)}"`);
    const usage = await readOk(await write('c.jsonl', [userLine(), big, assistantLine()]));
    assert.equal(usage.messages.size, 2);
    assert.equal(usage.skipped, 0);
  });

  it('readTranscriptFile() skips a line over the cap without keeping it, then reads on', async () => {
    // Valid JSON padded with spaces past the cap: any part of it kept would parse and count.
    const huge = `${assistantLine({ id: 'msg_fake0004' })}${' '.repeat(MAX_TRANSCRIPT_LINE)}`;
    const usage = await readOk(await write('d.jsonl', [huge, assistantLine()]));
    assert.equal(usage.skipped, 1);
    assert.deepEqual([...usage.messages.keys()], ['msg_fake0001']);
  });

  it('createTranscriptCache() applies its line cap whether the line ends in the chunk or later', async () => {
    const cache = createTranscriptCache({ maxLineBytes: 400 });
    const padded = `${assistantLine({ id: 'msg_fake0005' })}${' '.repeat(400)}`;
    const spanning = `${assistantLine({ id: 'msg_fake0006' })}${' '.repeat(300_000)}`;
    const path = await write('cap.jsonl', [padded, spanning, assistantLine()]);
    const read = await cache.read(path, createCountingFs());
    assert.ok(read.ok);
    assert.equal(read.value.skipped, 2);
    assert.deepEqual([...read.value.messages.keys()], ['msg_fake0001']);
  });

  it('readTranscriptFile() does not crash on binary content', async () => {
    const path = join(tmp.path, 'e.jsonl');
    await writeFile(path, Buffer.concat([randomBytes(200_000), Buffer.from('\n\r\n\0\xff')]));
    await appendFile(path, `\n${assistantLine()}\n`);
    const usage = await readOk(path);
    assert.ok(usage.skipped > 0);
    assert.equal(usage.messages.size, 1);
  });

  it('readTranscriptFile() refuses a missing file and a directory with their path', async () => {
    const missing = await readTranscriptFile(join(tmp.path, 'none.jsonl'), createCountingFs());
    assert.equal(missing.ok, false);
    assert.match(missing.ok ? '' : missing.detail, /none\.jsonl: cannot read .*ENOENT/);
    await mkdir(join(tmp.path, 'dir.jsonl'));
    const dir = await readTranscriptFile(join(tmp.path, 'dir.jsonl'), createCountingFs());
    assert.match(dir.ok ? '' : dir.detail, /not a regular file/);
  });
});

describe('createTranscriptCache()', () => {
  it('createTranscriptCache() re-reads a file only when its size or mtime changed', async () => {
    const counting = createCountingFs();
    const cache = createTranscriptCache();
    const path = await write('s.jsonl', [assistantLine({ id: 'msg_fake0001' })]);
    const first = await cache.read(path, counting);
    await cache.read(path, counting);
    assert.equal(counting.count('open'), 1);

    await appendFile(path, `${assistantLine({ id: 'msg_fake0002' })}\n`);
    const grown = await cache.read(path, counting);
    assert.equal(counting.count('open'), 2);
    assert.equal(grown.ok && grown.value.messages.size, 2);
    assert.notEqual(grown, first);

    // Same size, new content and mtime: re-read.
    await write('s.jsonl', [
      assistantLine({ id: 'msg_fake0003' }),
      assistantLine({ id: 'msg_fake0004' }),
    ]);
    await utimes(path, new Date(), new Date(Date.now() + 5000));
    const touched = await cache.read(path, counting);
    assert.equal(counting.count('open'), 3);
    assert.deepEqual(touched.ok && [...touched.value.messages.keys()], [
      'msg_fake0003',
      'msg_fake0004',
    ]);
  });

  it('createTranscriptCache() forgets the least recently used files past its message cap', async () => {
    const counting = createCountingFs();
    const cache = createTranscriptCache({ maxMessages: 4 });
    const a = await write('a.jsonl', [assistantLine({ id: 'msg_fake000a' })]);
    const b = await write('b.jsonl', [assistantLine({ id: 'msg_fake000b' })]);
    const c = await write('c.jsonl', [assistantLine({ id: 'msg_fake000c' })]);
    await cache.read(a, counting);
    await cache.read(b, counting);
    await cache.read(c, counting); // 3 × 2 > 4: `a` goes
    counting.reset();
    await cache.read(c, counting);
    await cache.read(b, counting);
    assert.equal(counting.count('open'), 0);
    await cache.read(a, counting);
    assert.equal(counting.count('open'), 1);
  });

  it('createTranscriptCache() does not keep a failed read', async () => {
    const counting = createCountingFs();
    const cache = createTranscriptCache();
    const path = join(tmp.path, 'late.jsonl');
    assert.equal((await cache.read(path, counting)).ok, false);
    await write('late.jsonl', [assistantLine()]);
    assert.equal((await cache.read(path, counting)).ok, true);
  });
});
