import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { tailLogFile } from '../../src/bridges/log-tail.js';
import { watchPath } from '../../src/system/file-watch.js';
import type { Fs } from '../../src/system/ports.js';
import { waitFor } from '../support/fake-claude.js';
import { useTempDir } from '../support/temp.js';

const ID = 'session_01FakeAbCdEfGhJk';
const WAIT_MS = 10_000;

interface Recorder {
  events: Array<string[] | 'reset'>;
  lines(): string[];
  handlers: { onLines(lines: string[]): void; onReset(): void };
}

function record(): Recorder {
  const events: Array<string[] | 'reset'> = [];
  return {
    events,
    lines: () => events.flatMap((e) => (e === 'reset' ? ['<reset>'] : e)),
    handlers: {
      onLines: (lines) => events.push(lines),
      onReset: () => events.push('reset'),
    },
  };
}

const numbered = (from: number, to: number): string =>
  Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i} ${ID}\n`).join('');

describe('tailLogFile()', () => {
  const dir = useTempDir();
  let file: string;
  const fs = fsp as unknown as Fs;
  beforeEach(() => {
    file = join(dir.path, 'debug.log');
  });

  it('tailLogFile() emits the last N lines, redacted, then stops without follow', async () => {
    await fsp.writeFile(file, `${numbered(1, 50)}partial ${ID}`);
    const rec = record();
    const tail = tailLogFile(file, { tail: 3, follow: false }, rec.handlers, { fs });
    await tail.ready;
    await tail.close();
    assert.deepEqual(rec.lines(), [
      'line 49 session_<redacted>',
      'line 50 session_<redacted>',
      'partial session_<redacted>',
    ]);
  });

  it('tailLogFile() reads only the end of a big file for a short tail', async () => {
    await fsp.writeFile(file, numbered(1, 200_000));
    let bytesRead = 0;
    const counting: Fs = {
      ...fs,
      open: async (...args: Parameters<Fs['open']>) => {
        const handle = await fsp.open(...args);
        const read = handle.read.bind(handle) as (
          ...a: unknown[]
        ) => Promise<{ bytesRead: number }>;
        Object.assign(handle, {
          read: async (...a: unknown[]) => {
            const result = await read(...a);
            bytesRead += result.bytesRead;
            return result;
          },
        });
        return handle;
      },
    };
    const rec = record();
    const tail = tailLogFile(file, { tail: 2, follow: false }, rec.handlers, { fs: counting });
    await tail.ready;
    await tail.close();
    assert.deepEqual(rec.lines(), [
      'line 199999 session_<redacted>',
      'line 200000 session_<redacted>',
    ]);
    assert.ok(bytesRead <= 256 * 1024, `read ${bytesRead} bytes`);
  });

  it('tailLogFile() follows appended lines, completing a partial line first', async () => {
    await fsp.writeFile(file, `${numbered(1, 2)}half `);
    const rec = record();
    const tail = tailLogFile(file, { tail: 10, pollMs: 50 }, rec.handlers, {
      fs,
      watch: watchPath,
    });
    await tail.ready;
    await fsp.appendFile(file, `${ID}\n`);
    await fsp.appendFile(file, numbered(3, 4));
    await waitFor(() => rec.lines().length >= 5, WAIT_MS);
    await tail.close();
    assert.deepEqual(rec.lines(), [
      'line 1 session_<redacted>',
      'line 2 session_<redacted>',
      'half session_<redacted>',
      'line 3 session_<redacted>',
      'line 4 session_<redacted>',
    ]);
  });

  it('tailLogFile() joining a line midway (tail 0) never sends its rest: a secret cut in two', async () => {
    const rest = 'FakeTokenForTestsOnlyXYZ';
    await fsp.writeFile(file, `${numbered(1, 2)}token ghp_FakeTokenForTe`);
    const rec = record();
    const tail = tailLogFile(file, { tail: 0, pollMs: 50 }, rec.handlers, {
      fs,
      watch: watchPath,
    });
    await tail.ready;
    await fsp.appendFile(file, `${rest}\nnext line\n`);
    await waitFor(() => rec.lines().includes('next line'), WAIT_MS);
    await tail.close();
    assert.deepEqual(rec.lines(), ['next line']);
  });

  it('tailLogFile() resets and restarts at 0 when the file is truncated', async () => {
    await fsp.writeFile(file, numbered(1, 5));
    const rec = record();
    const tail = tailLogFile(file, { tail: 1, pollMs: 50 }, rec.handlers, { fs, watch: watchPath });
    await tail.ready;
    await fsp.truncate(file, 0);
    await waitFor(() => rec.events.includes('reset'), WAIT_MS);
    await fsp.appendFile(file, 'fresh\n');
    await waitFor(() => rec.lines().includes('fresh'), WAIT_MS);
    await tail.close();
    assert.deepEqual(rec.lines(), ['line 5 session_<redacted>', '<reset>', 'fresh']);
  });

  it('tailLogFile() drains the old file, resets and follows the new one after a rotation', async () => {
    await fsp.writeFile(file, numbered(1, 1));
    const rec = record();
    const tail = tailLogFile(file, { tail: 5, pollMs: 50 }, rec.handlers, { fs, watch: watchPath });
    await tail.ready;
    await fsp.appendFile(file, 'last old line\n');
    await fsp.rename(file, `${file}.1`);
    await fsp.writeFile(file, 'first new line\n');
    await waitFor(() => rec.lines().includes('first new line'), WAIT_MS);
    await tail.close();
    const lines = rec.lines();
    assert.equal(lines[0], 'line 1 session_<redacted>');
    assert.ok(lines.indexOf('<reset>') < lines.indexOf('first new line'));
    assert.equal(lines.at(-1), 'first new line');
  });

  it('tailLogFile() waits for a file that does not exist yet', async () => {
    const rec = record();
    const tail = tailLogFile(file, { tail: 10, pollMs: 50 }, rec.handlers, {
      fs,
      watch: watchPath,
    });
    await tail.ready;
    await fsp.writeFile(file, 'born\n');
    await waitFor(() => rec.lines().includes('born'), WAIT_MS);
    await tail.close();
    assert.deepEqual(rec.lines(), ['born']);
  });

  it('tailLogFile() refuses a FIFO in place of the log instead of waiting on it', {
    timeout: WAIT_MS,
  }, async () => {
    execFileSync('mkfifo', [file]);
    const rec = record();
    const tail = tailLogFile(file, { tail: 10, follow: false }, rec.handlers, { fs });
    await assert.rejects(tail.ready, {
      code: 'not-regular-file',
      message: `${file} is not a regular file (a FIFO? a device?): remove it`,
    });
    await tail.close();
    assert.deepEqual(rec.lines(), []);
  });

  it('tailLogFile() emits nothing after close()', async () => {
    await fsp.writeFile(file, 'a\n');
    const rec = record();
    const tail = tailLogFile(file, { tail: 10, pollMs: 20 }, rec.handlers, {
      fs,
      watch: watchPath,
    });
    await tail.ready;
    await tail.close();
    await fsp.appendFile(file, 'after close\n');
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.deepEqual(rec.lines(), ['a']);
  });

  it('tailLogFile() keeps colour only when asked and when it changes nothing', async () => {
    await fsp.writeFile(file, '\x1b[32mok\x1b[0m\n');
    const rec = record();
    const tail = tailLogFile(file, { tail: 1, follow: false, stripAnsi: false }, rec.handlers, {
      fs,
    });
    await tail.ready;
    await tail.close();
    assert.deepEqual(rec.lines(), ['\x1b[32mok\x1b[0m']);
  });
});
