import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';
import {
  createResourceSampler,
  type ResourceTable,
  type SampledBridge,
} from '../../src/bridges/resource-sampler.js';
import type { ProcSample, ProcStats, ProcTreeRoot } from '../../src/system/ports.js';

/** A /proc stand-in: pid → the tree it reports; counts reads. */
function createFakeProc(cores = 4) {
  const trees = new Map<number, ProcSample[]>();
  const proc = {
    trees,
    reads: 0,
    set(pid: number, cpuTicks: number, rssBytes = 1_000_000) {
      const sample = { pid, startTicks: 7, cpuTicks, rssBytes, readBytes: 0, writeBytes: 0 };
      trees.set(pid, [sample]);
    },
    stats: {
      ticksPerSecond: async () => 100,
      cpuCount: () => cores,
      readTrees: async (roots: readonly ProcTreeRoot[]): Promise<ProcSample[][]> =>
        roots.map((r) => {
          proc.reads += 1;
          return trees.get(r.pid) ?? [];
        }),
    } satisfies ProcStats,
  };
  return proc;
}

function setup(options: { normalizeCpu?: boolean; bridges?: SampledBridge[] } = {}) {
  const clock = { t: 1_000_000, now: () => clock.t };
  const proc = createFakeProc();
  let live: SampledBridge[] = options.bridges ?? [{ id: 'br-a', pid: 100, startTicks: 7 }];
  const published: ResourceTable[] = [];
  const sampler = createResourceSampler(
    { pollMs: 4000, normalizeCpu: options.normalizeCpu ?? false },
    {
      clock,
      procStats: proc.stats,
      liveBridges: () => live,
      publish: (table) => published.push(table),
    },
  );
  return {
    clock,
    proc,
    sampler,
    published,
    setLive(next: SampledBridge[]) {
      live = next;
    },
  };
}

/** Lets the sampler's promise chains run (fake /proc answers in microtasks). */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

describe('createResourceSampler()', () => {
  afterEach(() => mock.timers.reset());

  it('createResourceSampler() has no CPU % on the first poll and Δticks-based CPU % on the next', async () => {
    const { clock, proc, sampler } = setup();
    proc.set(100, 1000);
    const first = await sampler.poll();
    assert.equal(first['br-a']?.cpu_percent, null);
    assert.equal(first['br-a']?.rss_bytes, 1_000_000);
    clock.t += 4000;
    proc.set(100, 1040); // 0.4 s of CPU in 4 s
    const second = await sampler.poll();
    assert.equal(second['br-a']?.cpu_percent, 10);
    assert.deepEqual(sampler.peek(), second);
  });

  it('createResourceSampler() divides by the core count with normalizeCpu', async () => {
    const { clock, proc, sampler } = setup({ normalizeCpu: true });
    proc.set(100, 0);
    await sampler.poll();
    clock.t += 1000;
    proc.set(100, 200); // two cores busy, of four
    assert.equal((await sampler.poll())['br-a']?.cpu_percent, 50);
  });

  it('createResourceSampler() leaves out a process that vanished and forgets bridges no longer live', async () => {
    const { clock, proc, sampler, setLive } = setup({
      bridges: [
        { id: 'br-a', pid: 100, startTicks: 7 },
        { id: 'br-b', pid: 200, startTicks: 7 },
      ],
    });
    proc.set(100, 0);
    proc.set(200, 0);
    await sampler.poll();
    proc.trees.delete(200); // gone between the supervisor's list and the read
    clock.t += 1000;
    const table = await sampler.poll();
    assert.deepEqual(Object.keys(table), ['br-a']);
    // br-a stops being live: dropped, and its old reading is not reused if it comes back.
    setLive([]);
    clock.t += 1000;
    assert.deepEqual(await sampler.poll(), {});
    setLive([{ id: 'br-a', pid: 100, startTicks: 7 }]);
    proc.set(100, 500);
    clock.t += 1000;
    assert.equal((await sampler.poll())['br-a']?.cpu_percent, null);
  });

  it('createResourceSampler() reads nothing and runs no timer while nobody watches or asks', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const { clock, proc } = setup();
    proc.set(100, 0);
    for (let i = 0; i < 10; i += 1) {
      clock.t += 4000;
      mock.timers.tick(4000);
      await settle();
    }
    assert.equal(proc.reads, 0);
  });

  it('createResourceSampler() polls every interval while watched, publishes, and stops after release', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const { clock, proc, sampler, published } = setup();
    proc.set(100, 0);
    const release = sampler.watch();
    await settle();
    assert.equal(proc.reads, 1, 'a new watcher gets fresh numbers at once');
    for (let i = 1; i <= 3; i += 1) {
      clock.t += 4000;
      proc.set(100, i * 40);
      mock.timers.tick(4000);
      await settle();
    }
    assert.equal(proc.reads, 4);
    assert.equal(published.length, 4);
    assert.equal(published.at(-1)?.['br-a']?.cpu_percent, 10);
    release();
    release(); // idempotent
    clock.t += 4000;
    mock.timers.tick(4000);
    await settle();
    clock.t += 4000;
    mock.timers.tick(4000);
    await settle();
    assert.equal(proc.reads, 4, 'no reads once the last watcher left');
    sampler.close();
  });

  it('createResourceSampler() read() polls when stale, then once more so the next read has a CPU %', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const { clock, proc, sampler, published } = setup();
    proc.set(100, 0);
    const first = await sampler.read();
    assert.equal(first['br-a']?.cpu_percent, null);
    assert.equal(proc.reads, 1);
    await sampler.read(); // fresh: no second read
    assert.equal(proc.reads, 1);
    clock.t += 4000;
    proc.set(100, 400);
    mock.timers.tick(4000);
    await settle();
    assert.equal(proc.reads, 2);
    assert.equal(sampler.peek()['br-a']?.cpu_percent, 100);
    for (let i = 0; i < 3; i += 1) {
      clock.t += 4000;
      mock.timers.tick(4000);
      await settle();
    }
    assert.equal(proc.reads, 2, 'idle again: the timer stopped');
    assert.equal(published.length, 0, 'nothing published without a watcher');
  });

  it('createResourceSampler() close() stops polling for good', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    const { clock, proc, sampler } = setup();
    proc.set(100, 0);
    sampler.watch();
    await settle();
    sampler.close();
    clock.t += 4000;
    mock.timers.tick(4000);
    await settle();
    await sampler.poll();
    assert.equal(proc.reads, 1);
  });
});
