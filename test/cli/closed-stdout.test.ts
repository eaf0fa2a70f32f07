// A reader that stops early (`clauster redact < big | head -1`): the real bin/clauster.js in a
// child process whose stdout pipe this test closes after the first chunk. The command must end
// quietly with CLOSED_STDOUT_EXIT, like a Unix filter ended by SIGPIPE, never with a stack trace.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CLOSED_STDOUT_EXIT } from '../../src/cli/io.js';
import { useTempDir } from '../support/temp.js';

const BIN = fileURLToPath(new URL('../../bin/clauster.js', import.meta.url));
const BRIDGE = 'br-abcdefghijkl';
// Far more than a pipe buffer (64 KiB), so the command is still writing when the reader leaves.
const BIG = `${'token ghp_FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE and more text\n'.repeat(40_000)}`;

const tmp = useTempDir('clauster-closed-stdout-');

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  firstChunk: string;
}

// Spawns the CLI, closes its stdout after the first chunk, and collects how it ended.
function runUntilReaderLeaves(args: string[], stdin?: string): Promise<Ended> {
  const child: ChildProcess = spawn(process.execPath, [BIN, ...args], {
    cwd: tmp.path,
    env: { HOME: tmp.path, PATH: process.env.PATH ?? '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  let firstChunk = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdout?.once('data', (chunk: Buffer) => {
    firstChunk = chunk.toString('utf8');
    child.stdout?.destroy();
  });
  // The child may end before it read all of stdin: that EPIPE is expected here.
  child.stdin?.on('error', () => undefined);
  if (stdin === undefined) child.stdin?.end();
  else child.stdin?.end(stdin);
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, firstChunk });
    });
  });
}

describe('createProcessIo()', () => {
  it('createProcessIo() ends `redact` quietly with 141 when its reader closes stdout', async () => {
    const ended = await runUntilReaderLeaves(['redact'], BIG);
    assert.match(ended.firstChunk, /^token ghp_<redacted> and more text\n/);
    assert.deepEqual(
      { code: ended.code, signal: ended.signal, stderr: ended.stderr },
      { code: CLOSED_STDOUT_EXIT, signal: null, stderr: '' },
    );
  });

  it('createProcessIo() ends `logs` the same way, not only `redact`', async () => {
    const stateDir = join(tmp.path, 'state');
    const configPath = join(tmp.path, 'clauster.yml');
    await fsp.mkdir(join(stateDir, 'logs', BRIDGE), { recursive: true, mode: 0o700 });
    await fsp.writeFile(join(stateDir, 'logs', BRIDGE, 'debug.log'), BIG);
    await fsp.writeFile(configPath, `state_dir: ${stateDir}\n`);
    const ended = await runUntilReaderLeaves(['logs', BRIDGE, '-n', '40000', '-c', configPath]);
    assert.match(ended.firstChunk, /^token ghp_<redacted>/);
    assert.deepEqual(
      { code: ended.code, signal: ended.signal, stderr: ended.stderr },
      { code: CLOSED_STDOUT_EXIT, signal: null, stderr: '' },
    );
  });

  it('createProcessIo() names the command when stdout fails otherwise (ENOSPC), exit 1', {
    skip: existsSync('/dev/full') ? false : 'no /dev/full here',
  }, () => {
    const full = openSync('/dev/full', 'w');
    try {
      const ended = spawnSync(process.execPath, [BIN, 'version'], {
        cwd: tmp.path,
        env: { HOME: tmp.path, PATH: process.env.PATH ?? '' },
        stdio: ['ignore', full, 'pipe'],
        encoding: 'utf8',
      });
      assert.equal(ended.status, 1);
      assert.equal(ended.stderr, 'clauster version: cannot write to standard output (ENOSPC)\n');
    } finally {
      closeSync(full);
    }
  });
});
