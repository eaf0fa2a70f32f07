// The /proc reader against real processes: a busy node parent with a sleeping node child.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { spawnProcess } from '../../src/system/node.js';
import type { ProcSample, ProcStats } from '../../src/system/ports.js';
import { createProcStats } from '../../src/system/proc-stats.js';
import { waitFor } from '../support/fake-claude.js';

// Spawns an idle child, then spins: a two-process tree whose CPU ticks keep growing.
const BUSY_PARENT = [
  "require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });",
  'for (;;) {}',
].join('\n');

const groups: number[] = [];
after(() => {
  for (const pgid of groups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

function startBusyTree(): number {
  const child = spawn(process.execPath, ['-e', BUSY_PARENT], { detached: true, stdio: 'ignore' });
  child.unref();
  assert.ok(child.pid);
  groups.push(child.pid);
  return child.pid;
}

/** One tree through the batch reader (exactly one entry back). */
async function readTree(stats: ProcStats, pid: number, startTicks: number | null = null) {
  const trees = await stats.readTrees([{ pid, startTicks }]);
  assert.equal(trees.length, 1);
  return trees[0] as ProcSample[];
}

const totalTicks = (tree: readonly ProcSample[]) => tree.reduce((t, s) => t + s.cpuTicks, 0);

describe('createProcStats()', () => {
  const stats = createProcStats({ spawn: spawnProcess, env: process.env });

  it('createProcStats() reads a live tree: both processes, RSS > 0, growing ticks, own io, identity', async () => {
    const pid = startBusyTree();
    const first = await waitFor(async () => {
      const tree = await readTree(stats, pid);
      return tree.length >= 2 ? tree : null;
    }, 10_000);
    assert.equal(first[0]?.pid, pid);
    assert.ok(first.every((s) => s.rssBytes > 0));
    assert.ok(first.every((s) => s.startTicks > 0));
    // Our own processes: /proc/<pid>/io is readable.
    assert.ok(first.every((s) => s.readBytes !== null && s.writeBytes !== null));
    const later = await waitFor(async () => {
      const tree = await readTree(stats, pid);
      return totalTicks(tree) > totalTicks(first) + 5 ? tree : null;
    }, 10_000);
    assert.ok(later.length >= 2);
    // The same pid with another start time is another process (a recycled pid): nothing.
    const startTicks = first[0]?.startTicks ?? 0;
    assert.ok((await readTree(stats, pid, startTicks)).length >= 2);
    assert.deepEqual(await readTree(stats, pid, startTicks + 1), []);
  });

  it('createProcStats() returns [] for a pid that does not exist, and never throws', async () => {
    const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    const pid = gone.pid as number;
    await new Promise((resolve) => gone.once('exit', resolve));
    assert.deepEqual(await readTree(stats, pid), []);
    assert.deepEqual(await readTree(stats, -1), []);
    assert.deepEqual(await readTree(stats, 0), []);
  });

  it('createProcStats() reads CLK_TCK once (a positive integer) and counts the cores', async () => {
    const ticks = await stats.ticksPerSecond();
    assert.ok(Number.isInteger(ticks) && ticks > 0);
    assert.equal(await stats.ticksPerSecond(), ticks);
    assert.ok(stats.cpuCount() >= 1);
  });

  it('createProcStats() falls back to 100 ticks when getconf cannot run', async () => {
    const broken = createProcStats({ spawn: spawnProcess, env: { PATH: '/nonexistent' } });
    assert.equal(await broken.ticksPerSecond(), 100);
  });
});
