import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measureTree, sumResources, type TreeReading } from '../../src/bridges/resource-usage.js';
import type { ProcSample } from '../../src/system/ports.js';

function proc(pid: number, cpuTicks: number, extra: Partial<ProcSample> = {}): ProcSample {
  return {
    pid,
    startTicks: pid * 10,
    cpuTicks,
    rssBytes: 1000,
    readBytes: 0,
    writeBytes: 0,
    ...extra,
  };
}

function reading(at: number, processes: ProcSample[]): TreeReading {
  return { at, processes };
}

const ONE_CORE = { ticksPerSecond: 100, cores: 1 };

describe('measureTree()', () => {
  it('measureTree() has no CPU % or rates on the first reading, but memory and disk totals', () => {
    const first = measureTree(
      reading(0, [proc(1, 50, { readBytes: 10, writeBytes: 20 }), proc(2, 5, { rssBytes: 500 })]),
      null,
      ONE_CORE,
    );
    assert.equal(first.cpu_percent, null);
    assert.equal(first.disk_read_bytes_per_second, null);
    assert.equal(first.rss_bytes, 1500);
    assert.equal(first.disk_read_bytes, 10);
    assert.equal(first.disk_write_bytes, 20);
    assert.equal(first.processes, 2);
    assert.equal(first.sampled_at, '1970-01-01T00:00:00.000Z');
  });

  it('measureTree() is Δticks / CLK_TCK / Δwall × 100, summed over the tree', () => {
    const before = reading(0, [proc(1, 100), proc(2, 0)]);
    // 4 s later: 30 + 10 ticks = 0.4 s of CPU in 4 s = 10 % of one core.
    const after = reading(4000, [proc(1, 130), proc(2, 10)]);
    assert.equal(measureTree(after, before, ONE_CORE).cpu_percent, 10);
    assert.equal(measureTree(after, before, { ticksPerSecond: 250, cores: 1 }).cpu_percent, 4);
  });

  it('measureTree() divides by the cores when asked (normalize_cpu)', () => {
    const before = reading(0, [proc(1, 0)]);
    const after = reading(1000, [proc(1, 200)]);
    assert.equal(measureTree(after, before, ONE_CORE).cpu_percent, 200);
    assert.equal(measureTree(after, before, { ticksPerSecond: 100, cores: 8 }).cpu_percent, 25);
  });

  it('measureTree() counts a reaped child once: its last-seen ticks leave, its rest arrive in the parent', () => {
    const before = reading(0, [proc(1, 100), proc(2, 900)]);
    // pid 2 ran 5 more ticks and was reaped: pid 1's cutime grew by all of its 905; pid 3 is new.
    const after = reading(1000, [proc(1, 110 + 905), proc(3, 20)]);
    assert.equal(measureTree(after, before, ONE_CORE).cpu_percent, 10 + 5 + 20);
  });

  it('measureTree() never goes below 0 when a child left the tree without being reaped in it', () => {
    const before = reading(0, [proc(1, 100), proc(2, 900)]);
    const after = reading(1000, [proc(1, 110)]);
    assert.equal(measureTree(after, before, ONE_CORE).cpu_percent, 0);
  });

  it('measureTree() counts the storage I/O of a reaped child once (no double count in the parent)', () => {
    const before = reading(0, [
      proc(1, 0, { readBytes: 1000, writeBytes: 0 }),
      proc(2, 0, { readBytes: 5000, writeBytes: 700 }),
    ]);
    // pid 2 read 1000 more bytes, then was reaped: pid 1's io now holds its 6000 / 700.
    const after = reading(1000, [proc(1, 0, { readBytes: 7000, writeBytes: 700 })]);
    const measured = measureTree(after, before, ONE_CORE);
    assert.equal(measured.disk_read_bytes_per_second, 1000);
    assert.equal(measured.disk_write_bytes_per_second, 0);
  });

  it('measureTree() treats a recycled pid (other start time) as a new process', () => {
    const before = reading(0, [proc(1, 100), proc(2, 500)]);
    // pid 2 was reaped by pid 1 (+500 in its cutime) and reused by a process with 40 ticks.
    const after = reading(1000, [proc(1, 600), proc(2, 40, { startTicks: 99_999 })]);
    assert.equal(measureTree(after, before, ONE_CORE).cpu_percent, 40);
  });

  it('measureTree() gives disk rates per second and null disk when /proc/<pid>/io is unreadable', () => {
    const before = reading(0, [proc(1, 0, { readBytes: 1000, writeBytes: 0 })]);
    const after = reading(2000, [proc(1, 0, { readBytes: 5000, writeBytes: 2000 })]);
    const measured = measureTree(after, before, ONE_CORE);
    assert.equal(measured.disk_read_bytes_per_second, 2000);
    assert.equal(measured.disk_write_bytes_per_second, 1000);
    const hidden = measureTree(
      reading(0, [proc(1, 0, { readBytes: null, writeBytes: null })]),
      null,
      ONE_CORE,
    );
    assert.equal(hidden.disk_read_bytes, null);
    assert.equal(hidden.disk_write_bytes, null);
  });

  it('measureTree() gives no CPU % when no time passed', () => {
    const same = reading(1000, [proc(1, 10)]);
    assert.equal(measureTree(same, same, ONE_CORE).cpu_percent, null);
  });
});

describe('sumResources()', () => {
  it('sumResources() sums fields, keeps null where no bridge has one, and is null for none', () => {
    assert.equal(sumResources([]), null);
    const a = measureTree(reading(0, [proc(1, 0)]), null, ONE_CORE);
    const b = measureTree(
      reading(1000, [proc(2, 100, { rssBytes: 4000 })]),
      reading(0, []),
      ONE_CORE,
    );
    const total = sumResources([a, b]);
    assert.equal(total?.cpu_percent, 100);
    assert.equal(total?.rss_bytes, 5000);
    assert.equal(total?.processes, 2);
    assert.equal(total?.sampled_at, '1970-01-01T00:00:01.000Z');
    assert.equal(sumResources([a])?.cpu_percent, null);
  });
});
