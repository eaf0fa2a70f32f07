// The /proc reader against a fake proc tree in a temp dir: both ways of finding children
// (one scan of every stat, the per-thread children files), the identity checks of a root,
// cutime/cstime in the ticks, and the bounds on threads and tree size.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { spawnProcess } from '../../src/system/node.js';
import type { ProcSample, ProcStats } from '../../src/system/ports.js';
import { createProcStats } from '../../src/system/proc-stats.js';
import { MAX_TIDS, MAX_TREE, parseStat, walkTree } from '../../src/system/proc-tree.js';
import { useTempDir } from '../support/temp.js';

interface FakeProcess {
  pid: number;
  ppid: number;
  state?: string;
  start?: number;
  /** utime, stime, cutime, cstime */
  ticks?: [number, number, number, number];
  /** Children listed per thread (children-file mode); default: one thread, none. */
  threads?: number[][];
}

async function writeProcess(root: string, p: FakeProcess): Promise<void> {
  const dir = join(root, String(p.pid));
  const [utime, stime, cutime, cstime] = p.ticks ?? [1, 2, 3, 4];
  const fields = [p.state ?? 'S', p.ppid, 0, 0, 0, -1, 0, 0, 0, 0, 0, utime, stime, cutime, cstime];
  const rest = [20, 0, 1, 0, p.start ?? p.pid * 10, 1000, 3];
  await mkdir(dir, { recursive: true });
  // A command name with a space and a paren, as /proc allows.
  await writeFile(join(dir, 'stat'), `${p.pid} (node ) x) ${[...fields, ...rest].join(' ')}\n`);
  await writeFile(join(dir, 'statm'), '900 25 5 1 0 40 0\n');
  await writeFile(join(dir, 'io'), `rchar: 1\nwchar: 2\nread_bytes: ${p.pid}\nwrite_bytes: 8\n`);
  const threads = p.threads ?? [[]];
  for (const [i, children] of threads.entries()) {
    const task = join(dir, 'task', String(p.pid + i));
    await mkdir(task, { recursive: true });
    await writeFile(join(task, 'children'), children.map((c) => `${c} `).join(''));
  }
}

/** Two bridge trees (100 → 101 → 102, 200 → 201), a zombie root with a child, a stray. */
const TREE: FakeProcess[] = [
  { pid: 1, ppid: 0, threads: [[100, 200, 300, 400]] },
  { pid: 100, ppid: 1, ticks: [10, 5, 30, 7], threads: [[], [101]] },
  { pid: 101, ppid: 100, threads: [[102]] },
  { pid: 102, ppid: 101 },
  { pid: 200, ppid: 1, threads: [[201]] },
  { pid: 201, ppid: 200 },
  { pid: 300, ppid: 1, state: 'Z', threads: [[301]] },
  { pid: 301, ppid: 300 },
  { pid: 400, ppid: 1 },
  { pid: 501, ppid: 500 },
];

/** One tree through the batch reader (exactly one entry back). */
async function readTree(stats: ProcStats, pid: number, startTicks: number | null = null) {
  const trees = await stats.readTrees([{ pid, startTicks }]);
  assert.equal(trees.length, 1);
  return trees[0] as ProcSample[];
}

const pids = (tree: readonly ProcSample[]) => tree.map((s) => s.pid).sort((a, b) => a - b);

// Unset: the fake root has no children file for this process, so the reader falls back to a scan.
for (const listing of ['scan', 'children', undefined] as const) {
  describe(`createProcStats() over a fake /proc (${listing ?? 'auto'})`, () => {
    const dir = useTempDir();
    const open = async () => {
      for (const p of TREE) await writeProcess(dir.path, p);
      // PATH without getconf: CLK_TCK 100 and a page size of 4096, whatever the machine.
      const env = { PATH: '/nonexistent' };
      const options = { spawn: spawnProcess, env, procRoot: dir.path };
      return createProcStats(listing === undefined ? options : { ...options, listing });
    };

    it(`readTrees() (${listing}) reads every tree of a batch, with cutime + cstime in the ticks`, async () => {
      const stats = await open();
      const [a, b] = await stats.readTrees([
        { pid: 100, startTicks: 1000 },
        { pid: 200, startTicks: null },
      ]);
      assert.deepEqual(pids(a ?? []), [100, 101, 102]);
      assert.deepEqual(pids(b ?? []), [200, 201]);
      const root = a?.find((s) => s.pid === 100);
      assert.deepEqual(root, {
        pid: 100,
        startTicks: 1000,
        cpuTicks: 10 + 5 + 30 + 7,
        rssBytes: 25 * 4096,
        readBytes: 100,
        writeBytes: 8,
      });
    });

    it(`readTrees() (${listing}) is [] for a recycled pid, a zombie root or a gone root`, async () => {
      const stats = await open();
      assert.deepEqual(await readTree(stats, 100, 999), [], 'recycled pid');
      assert.equal((await readTree(stats, 100, 1000)).length, 3);
      assert.deepEqual(await readTree(stats, 300), [], 'zombie root: no orphaned children');
      assert.deepEqual(await readTree(stats, 500), [], 'gone root: no orphaned children');
      assert.deepEqual(await readTree(stats, 0), []);
    });
  });
}

describe('createProcStats() bounds', () => {
  const dir = useTempDir();

  it(`readTrees() reads the children of at most ${MAX_TIDS} threads per process`, async () => {
    const children = Array.from({ length: MAX_TIDS + 6 }, (_, i) => 1000 + i);
    await writeProcess(dir.path, { pid: 100, ppid: 1, threads: children.map((c) => [c]) });
    for (const pid of children) await writeProcess(dir.path, { pid, ppid: 100 });
    const env = { PATH: '/nonexistent' };
    const stats = createProcStats({
      spawn: spawnProcess,
      env,
      procRoot: dir.path,
      listing: 'children',
    });
    assert.equal((await readTree(stats, 100)).length, 1 + MAX_TIDS);
  });

  it(`walkTree() stops adding at ${MAX_TREE} pids, even under one parent with 30000 children`, async () => {
    const many = Array.from({ length: 30_000 }, (_, i) => 10 + i);
    const members = await walkTree(1, (pid) => (pid === 1 ? many : []));
    assert.equal(members.length, MAX_TREE);
    assert.equal(members[0], 1);
  });

  it('parseStat() reads past a command name with spaces and parens, and refuses garbage', () => {
    const line = '7 (a) b) R 1 0 0 0 -1 0 0 0 0 0 11 12 13 14 20 0 1 0 99 0 0';
    assert.deepEqual(parseStat(line), {
      state: 'R',
      ppid: 1,
      pgrp: 0,
      startTicks: 99,
      cpuTicks: 50,
    });
    const grouped = '8 (b) S 1 8 8 0 -1 0 0 0 0 0 1 2 3 4 20 0 1 0 77 0 0';
    assert.equal(parseStat(grouped)?.pgrp, 8);
    assert.equal(parseStat('7 (x) R'), null);
  });
});
