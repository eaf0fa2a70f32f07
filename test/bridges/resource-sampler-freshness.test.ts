// The sampler's guards against wrong or stale numbers: a new process under the same bridge id
// starts over, the start time reaches the reader, an old previous reading gives no CPU %,
// peek() drops old entries, and a reading is stamped before /proc is read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createResourceSampler, type SampledBridge } from '../../src/bridges/resource-sampler.js';
import type { ProcSample, ProcStats, ProcTreeRoot } from '../../src/system/ports.js';

const POLL_MS = 4000;

/** A one-process tree per pid whose ticks are set by the test; `readMs` passes during a read. */
function setup(bridge: SampledBridge = { id: 'br-a', pid: 100, startTicks: 7 }) {
  const clock = { t: 1_000_000, now: () => clock.t };
  const state = { ticks: 0, readMs: 0, live: [bridge], asked: [] as ProcTreeRoot[][] };
  const readOne = async (pid: number, expected?: { startTicks?: number | null }) => {
    clock.t += state.readMs;
    const startTicks = expected?.startTicks ?? 7;
    const sample: ProcSample = {
      pid,
      startTicks,
      cpuTicks: state.ticks,
      rssBytes: 1000,
      readBytes: 0,
      writeBytes: 0,
    };
    return [sample];
  };
  const procStats: ProcStats = {
    ticksPerSecond: async () => 100,
    cpuCount: () => 1,
    readTrees: async (roots) => {
      state.asked.push([...roots]);
      return Promise.all(roots.map((r) => readOne(r.pid, r)));
    },
  };
  const sampler = createResourceSampler(
    { pollMs: POLL_MS, normalizeCpu: false },
    { clock, procStats, liveBridges: () => state.live },
  );
  return { clock, state, sampler };
}

describe('createResourceSampler() freshness', () => {
  it('createResourceSampler() passes each bridge’s start time to the reader', async () => {
    const { sampler, state } = setup({ id: 'br-a', pid: 100, startTicks: 4242 });
    await sampler.poll();
    assert.deepEqual(state.asked, [[{ pid: 100, startTicks: 4242 }]]);
  });

  it('createResourceSampler() starts over when the bridge’s pid or start time changes', async () => {
    const { clock, state, sampler } = setup();
    await sampler.poll();
    clock.t += POLL_MS;
    state.ticks = 40;
    assert.equal((await sampler.poll())['br-a']?.cpu_percent, 10);
    // Same id, another process: its ticks are not compared with the old one's.
    state.live = [{ id: 'br-a', pid: 101, startTicks: 7 }];
    clock.t += POLL_MS;
    state.ticks = 5000;
    assert.equal((await sampler.poll())['br-a']?.cpu_percent, null);
    clock.t += POLL_MS;
    state.ticks = 5040;
    assert.equal((await sampler.poll())['br-a']?.cpu_percent, 10);
    state.live = [{ id: 'br-a', pid: 101, startTicks: 8 }];
    clock.t += POLL_MS;
    assert.equal((await sampler.poll())['br-a']?.cpu_percent, null);
  });

  it('createResourceSampler() gives no CPU % against a reading older than three intervals', async () => {
    const { clock, state, sampler } = setup();
    await sampler.poll();
    clock.t += 3 * POLL_MS;
    state.ticks = 120;
    assert.equal((await sampler.poll())['br-a']?.cpu_percent, 10, 'three intervals: still used');
    clock.t += 3 * POLL_MS + 1;
    state.ticks = 240;
    assert.equal((await sampler.poll())['br-a']?.cpu_percent, null, 'an idle gap: no average');
    clock.t += POLL_MS;
    state.ticks = 280;
    assert.equal((await sampler.poll())['br-a']?.cpu_percent, 10, 'the next poll has one again');
  });

  it('createResourceSampler() peek() leaves out entries older than two intervals', async () => {
    const { clock, sampler } = setup();
    await sampler.poll();
    clock.t += 2 * POLL_MS;
    assert.deepEqual(Object.keys(sampler.peek()), ['br-a']);
    clock.t += 1;
    assert.deepEqual(sampler.peek(), {});
  });

  it('createResourceSampler() stamps a reading with the time before /proc was read', async () => {
    const { clock, state, sampler } = setup();
    state.readMs = 300;
    const started = clock.t;
    const table = await sampler.poll();
    assert.equal(table['br-a']?.sampled_at, new Date(started).toISOString());
  });
});
