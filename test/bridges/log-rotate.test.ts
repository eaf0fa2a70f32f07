// Copy-truncate rotation while the bridge keeps writing: lines written between the copy and
// the truncation land in the rotated copy, none is lost, and a tailer sees one clean reset.
import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { BLOCK, CATCH_UP_BLOCKS, rotateIfLarge } from '../../src/bridges/log-rotate.js';
import { tailLogFile } from '../../src/bridges/log-tail.js';
import { watchPath } from '../../src/system/file-watch.js';
import type { Fs } from '../../src/system/ports.js';
import { waitFor } from '../support/fake-claude.js';
import { useTempDir } from '../support/temp.js';

const fs = fsp as unknown as Fs;
const LIMITS = { maxBytes: 100, keep: 2 };

const numbered = (from: number, to: number): string =>
  Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}\n`).join('');

/** The bridge: an O_APPEND descriptor that writes numbered lines, like the real one. */
async function openBridge(file: string) {
  const handle = await fsp.open(file, 'a');
  let next = 1;
  return {
    /** Appends `count` numbered lines, each padded with `pad` characters. */
    async write(count: number, pad = 0): Promise<void> {
      const tail = pad > 0 ? ` ${'x'.repeat(pad)}` : '';
      const lines = Array.from({ length: count }, (_, i) => `line ${next + i}${tail}\n`);
      await handle.appendFile(lines.join(''));
      next += count;
    },
    written: () => next - 1,
    close: () => handle.close(),
  };
}

/**
 * The real fs, with `onCopied` run right after copyFile and `onRead` right after every read
 * through a handle opened on `file` (the catch-up's reads): the bridge writes meanwhile.
 */
function racingFs(
  file: string,
  hooks: { onCopied?: () => Promise<void>; onRead?: (bytesRead: number) => Promise<void> },
): Fs {
  return {
    ...fs,
    copyFile: (async (...args: Parameters<typeof fsp.copyFile>) => {
      await fsp.copyFile(...args);
      await hooks.onCopied?.();
    }) as Fs['copyFile'],
    open: (async (...args: Parameters<typeof fsp.open>) => {
      const handle = await fsp.open(...args);
      const onRead = hooks.onRead;
      if (args[0] !== file || !onRead) return handle;
      const read = handle.read.bind(handle) as (...a: unknown[]) => Promise<{ bytesRead: number }>;
      return Object.assign(handle, {
        read: async (...a: unknown[]) => {
          const result = await read(...a);
          await onRead(result.bytesRead);
          return result;
        },
      });
    }) as Fs['open'],
  };
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

const numbersIn = (lines: string[]): number[] => lines.map((l) => Number(l.split(' ')[1]));

async function linesOf(...paths: string[]): Promise<string[]> {
  const texts = await Promise.all(paths.map((p) => fsp.readFile(p, 'utf8')));
  return texts.join('').split('\n').filter(Boolean);
}

describe('rotateIfLarge() while the bridge writes', () => {
  const dir = useTempDir();
  let file: string;
  beforeEach(() => {
    file = join(dir.path, 'debug.log');
  });

  it('rotateIfLarge() keeps the lines written between the copy and the truncation', async () => {
    const bridge = await openBridge(file);
    await bridge.write(20);
    const ino = (await fsp.stat(file)).ino;
    const racing = racingFs(file, { onCopied: () => bridge.write(30) });
    assert.equal(await rotateIfLarge(file, LIMITS, { fs: racing }), true);
    await bridge.write(5);
    await bridge.close();
    assert.deepEqual(await linesOf(`${file}.1`, file), numbered(1, 55).trim().split('\n'));
    assert.equal(await fsp.readFile(file, 'utf8'), numbered(51, 55), 'restarted at offset 0');
    assert.equal((await fsp.stat(file)).ino, ino, 'same inode: the bridge keeps its descriptor');
    assert.equal((await fsp.stat(`${file}.1`)).mode & 0o777, 0o600);
  });

  it('rotateIfLarge() keeps reading while the file grows during the catch-up', async () => {
    const bridge = await openBridge(file);
    await bridge.write(20);
    let reads = 0;
    const racing = racingFs(file, {
      onCopied: () => bridge.write(1, BLOCK),
      // Full blocks mean more is waiting: the bridge writes again after the first three.
      onRead: async (bytesRead) => {
        reads += 1;
        if (bytesRead === BLOCK && reads <= 3) await bridge.write(reads * 10, 8000);
      },
    });
    assert.equal(await rotateIfLarge(file, LIMITS, { fs: racing }), true);
    await bridge.close();
    assert.ok(reads > 4, `${reads} reads`);
    assert.equal(bridge.written(), 20 + 1 + 10 + 20 + 30);
    assert.deepEqual(numbersIn(await linesOf(`${file}.1`)), range(1, bridge.written()));
    assert.equal((await fsp.stat(file)).size, 0);
  });

  it('rotateIfLarge() reads at most CATCH_UP_BLOCKS blocks, then truncates anyway', async () => {
    const bridge = await openBridge(file);
    await bridge.write(20);
    let reads = 0;
    const racing = racingFs(file, {
      onCopied: () => bridge.write(1, BLOCK),
      // A bridge that never falls behind (capped so that a missing bound ends, not hangs).
      onRead: async () => {
        reads += 1;
        if (reads <= 1000) await bridge.write(1, BLOCK);
      },
    });
    assert.equal(await rotateIfLarge(file, LIMITS, { fs: racing }), true);
    await bridge.close();
    assert.equal(reads, CATCH_UP_BLOCKS);
    // What was not read by then is the documented loss; what was kept is whole and in order.
    const kept = numbersIn(await linesOf(`${file}.1`));
    assert.deepEqual(kept, range(1, kept.length));
    assert.ok(kept.length < bridge.written());
    assert.equal((await fsp.stat(file)).size, 0);
  });

  it('rotateIfLarge() shows a tailer one reset, then only what came after it', async () => {
    const bridge = await openBridge(file);
    await bridge.write(20);
    const events: string[] = [];
    const handlers = {
      onLines: (lines: string[]) => events.push(...lines),
      onReset: () => events.push('<reset>'),
    };
    const tail = tailLogFile(file, { tail: 0, pollMs: 50 }, handlers, { fs, watch: watchPath });
    await tail.ready;
    const racing = racingFs(file, { onCopied: () => bridge.write(30) });
    assert.equal(await rotateIfLarge(file, LIMITS, { fs: racing }), true);
    await fsp.appendFile(file, 'fresh\n');
    await waitFor(() => events.includes('fresh'), 10_000);
    await tail.close();
    await bridge.close();
    assert.deepEqual(
      events.filter((e) => e === '<reset>'),
      ['<reset>'],
    );
    assert.deepEqual(events.slice(events.indexOf('<reset>')), ['<reset>', 'fresh']);
    // Before the reset: at most the lines written during the copy, in order.
    assert.deepEqual(
      events.slice(0, events.indexOf('<reset>')),
      numbered(21, 20 + events.indexOf('<reset>'))
        .split('\n')
        .filter(Boolean),
    );
  });
});
