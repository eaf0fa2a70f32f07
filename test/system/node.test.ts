import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeProcesses, spawnProcess } from '../../src/system/node.js';

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

describe('nodeProcesses', () => {
  it('nodeProcesses.identity() describes this process and returns null for a dead pid', async () => {
    const me = await nodeProcesses.identity(process.pid);
    assert.ok(me);
    assert.ok(me.startTicks > 0);
    assert.match(me.bootId, /^[0-9a-f-]{36}$/);
    assert.equal(await nodeProcesses.identity(2 ** 22 + 7), null);
  });
});
