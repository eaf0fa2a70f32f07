import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { nodeProcesses, spawnProcess } from '../../src/system/node.js';
import { waitFor } from '../support/fake-claude.js';
import { makeTempDir } from '../support/temp.js';
import { nodeArgsFor } from '../support/ts-child.js';

const PARENT = nodeArgsFor(new URL('../fixtures/detached-writer-parent.ts', import.meta.url));
const writers: number[] = [];
after(async () => {
  // Only our own detached writers (their command line carries the fixture's script).
  for (const pid of writers) {
    const identity = await nodeProcesses.identity(pid);
    if (identity?.cmdline.some((arg) => arg.includes('writer started')))
      nodeProcesses.signal(pid, 'SIGKILL', true);
  }
});

/** Targets of this process's open descriptors (what /proc/self/fd links to). */
async function listOwnFdTargets(): Promise<string[]> {
  const names = await fs.readdir('/proc/self/fd');
  const targets = await Promise.all(
    names.map((name) => fs.readlink(`/proc/self/fd/${name}`).catch(() => '')),
  );
  return targets;
}

describe('spawnProcess()', () => {
  it('spawnProcess() runs a program with an explicit env and reports its exit code', async () => {
    const child = spawnProcess(process.execPath, ['-e', 'process.exit(Number(process.env.CODE))'], {
      env: { CODE: '3' },
    });
    const result = await child.exited;
    assert.equal(result.exitCode, 3);
    assert.equal(result.spawnError, undefined);
  });

  it('spawnProcess() reports a missing binary as a spawn error, not a throw', async () => {
    const result = await spawnProcess('/nonexistent/clauster-no-such-binary', []).exited;
    assert.equal(result.spawnError?.code, 'ENOENT');
  });

  it('spawnProcess() pipes stdout as text chunks', async () => {
    const child = spawnProcess(process.execPath, ['-e', 'console.log("hi")'], { stdout: 'pipe' });
    let out = '';
    for await (const chunk of child.stdout ?? []) out += chunk;
    await child.exited;
    assert.equal(out, 'hi\n');
  });
});

describe('spawnProcess() with {file} targets', () => {
  it('spawnProcess() hands a detached child the file itself, so it keeps writing after its parent exits', {
    timeout: 60_000,
  }, async () => {
    const temp = await makeTempDir('clauster-fd-');
    try {
      const dir = await fs.realpath(temp.path);
      const out = join(dir, 'stdout.log');
      const err = join(dir, 'stderr.log');
      await fs.writeFile(out, 'kept\n', { mode: 0o600 });
      await fs.writeFile(err, 'dropped\n', { mode: 0o600 });
      const parent = spawn(process.execPath, [...PARENT, out, err], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let printed = '';
      parent.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        printed += chunk;
      });
      const parentExit = new Promise<number | null>((resolve) => parent.on('exit', resolve));
      // With a pipe through the parent (execa's own {file}), the parent never exits by itself.
      const code = await Promise.race([
        parentExit,
        new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 30_000).unref()),
      ]);
      const pid = Number(printed.trim());
      if (Number.isInteger(pid) && pid > 0) writers.push(pid);
      if (code === 'hung') parent.kill('SIGKILL');
      assert.equal(code, 0, 'the parent exits on its own while its detached child lives');
      assert.ok(await nodeProcesses.identity(pid), 'the detached writer outlives its parent');

      assert.equal(await fs.readlink(`/proc/${pid}/fd/1`), out, 'stdout is the file, no pipe');
      assert.equal(await fs.readlink(`/proc/${pid}/fd/2`), err, 'stderr is the file, no pipe');
      const sizeAtExit = (await fs.stat(out)).size;
      await waitFor(async () => (await fs.stat(out)).size > sizeAtExit + 20, 10_000, 50);
      const text = await fs.readFile(out, 'utf8');
      assert.ok(text.startsWith('kept\nline 1\n'), 'append: true keeps what was there');
      assert.equal(await fs.readFile(err, 'utf8'), 'writer started\n', 'no append: truncated');
      nodeProcesses.signal(pid, 'SIGKILL', true);
      await waitFor(async () => (await nodeProcesses.identity(pid)) === null, 10_000, 50);
    } finally {
      await temp.cleanup();
    }
  });

  it('spawnProcess() creates a {file} target 0600 and keeps no descriptor of it open', async () => {
    const temp = await makeTempDir('clauster-fd-');
    try {
      const dir = await fs.realpath(temp.path);
      const out = join(dir, 'new.log');
      const child = spawnProcess(process.execPath, ['-e', 'console.log("hello")'], {
        stdout: { file: out, append: true },
      });
      assert.equal(child.stdout, undefined, 'no stream: the child writes the file itself');
      assert.ok(!(await listOwnFdTargets()).includes(out), 'the parent copy is closed at once');
      assert.equal((await child.exited).exitCode, 0);
      assert.equal(await fs.readFile(out, 'utf8'), 'hello\n');
      assert.equal((await fs.stat(out)).mode & 0o777, 0o600);
    } finally {
      await temp.cleanup();
    }
  });

  it('spawnProcess() reports a {file} target that cannot be opened as a spawn error', async () => {
    const child = spawnProcess(process.execPath, ['-e', ''], {
      stdout: { file: '/nonexistent/clauster-no-such-dir/out.log' },
    });
    assert.equal(child.pid, undefined);
    assert.equal((await child.exited).spawnError?.code, 'ENOENT');
  });
});

describe('nodeProcesses', () => {
  it('nodeProcesses.identity() describes this process and returns null for a dead pid', async () => {
    const me = await nodeProcesses.identity(process.pid);
    assert.ok(me);
    assert.ok(me.startTicks > 0);
    assert.match(me.bootId, /^[0-9a-f-]{36}$/);
    assert.equal(await nodeProcesses.identity(2 ** 22 + 7), null);
  });

  it('nodeProcesses.placement() reads the cwd, process group and start ticks of a pid', async () => {
    const child = spawn('sleep', ['30'], { cwd: '/', detached: true, stdio: 'ignore' });
    try {
      const pid = child.pid as number;
      await new Promise((resolve) => setTimeout(resolve, 50));
      const placed = await nodeProcesses.placement(pid);
      // A detached child leads a new group, so its pgid is its own pid (not ours).
      assert.deepEqual([placed?.cwd, placed?.pgid], ['/', pid]);
      assert.equal(placed?.startTicks, (await nodeProcesses.identity(pid))?.startTicks);
      assert.equal(await nodeProcesses.placement(2 ** 22 + 7), null);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
