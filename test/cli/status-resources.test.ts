import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BridgeWithLiveness } from '../../src/bridges/liveness.js';
import type { BridgeResources } from '../../src/bridges/resource-usage.js';
import { formatBridgesTable, formatBytes } from '../../src/cli/bridge-output.js';
import { measureAliveBridges, STATUS_CPU_WINDOW_MS } from '../../src/cli/status-resources.js';
import type { ProcStats, ProcTreeRoot } from '../../src/system/ports.js';
import { fakeBridge } from '../support/bridge-fixture.js';

const SETTINGS = { enabled: true, normalize_cpu: false, show_disk: true, poll_seconds: 4 };

function bridge(
  id: string,
  alive: boolean,
  pid: number | null,
): BridgeWithLiveness & { startTicks: number } {
  return { ...fakeBridge({ id, pid }), startTicks: 1, alive };
}

/** Ticks grow by 25 per read; the clock is real, so CPU % follows the wall-clock window. */
function fakeProcStats(): ProcStats & { reads: number } {
  const stats = {
    reads: 0,
    ticksPerSecond: async () => 100,
    cpuCount: () => 1,
    readTrees: async (roots: readonly ProcTreeRoot[]) =>
      roots.map(({ pid }) => {
        stats.reads += 1;
        const cpuTicks = stats.reads * 25;
        const sample = { pid, startTicks: 1, cpuTicks, rssBytes: 84_000_000 };
        return [{ ...sample, readBytes: 0, writeBytes: 0 }];
      }),
  };
  return stats;
}

describe('measureAliveBridges()', () => {
  it('measureAliveBridges() reads alive bridges twice over a short window for a CPU %', async () => {
    const procStats = fakeProcStats();
    const clock = { now: () => Date.now() };
    const started = Date.now();
    const table = await measureAliveBridges(
      [bridge('br-a', true, 10), bridge('br-b', false, 20)],
      SETTINGS,
      { clock, procStats },
    );
    assert.ok(Date.now() - started >= STATUS_CPU_WINDOW_MS - 5);
    assert.deepEqual(Object.keys(table), ['br-a']);
    assert.equal(procStats.reads, 2);
    const cpu = table['br-a']?.cpu_percent ?? Number.NaN;
    // 25 ticks = 0.25 s of CPU over about half a second.
    assert.ok(cpu > 30 && cpu <= 50, String(cpu));
  });

  it('measureAliveBridges() reads nothing with metrics off, no reader, nothing alive or no start time', async () => {
    const procStats = fakeProcStats();
    const clock = { now: () => Date.now() };
    const alive = [bridge('br-a', true, 10)];
    assert.deepEqual(
      await measureAliveBridges(alive, { ...SETTINGS, enabled: false }, { clock, procStats }),
      {},
    );
    assert.deepEqual(await measureAliveBridges(alive, SETTINGS, { clock }), {});
    assert.deepEqual(
      await measureAliveBridges([bridge('br-a', false, 10)], SETTINGS, { clock, procStats }),
      {},
    );
    // No recorded start time: the pid cannot be told from a recycled one, so it is not read.
    const unchecked = [{ ...bridge('br-a', true, 10), startTicks: null }];
    assert.deepEqual(await measureAliveBridges(unchecked, SETTINGS, { clock, procStats }), {});
    assert.equal(procStats.reads, 0);
  });
});

describe('formatBridgesTable()', () => {
  it('formatBridgesTable() adds CPU and MEM columns only when a bridge was measured', () => {
    const plain = formatBridgesTable([bridge('br-a', true, 10)]);
    assert.doesNotMatch(plain, /CPU/);
    const resources = { cpu_percent: 3.14, rss_bytes: 84_200_000 } as BridgeResources;
    const table = formatBridgesTable([
      { ...bridge('br-a', true, 10), resources },
      { ...bridge('br-b', false, 20), resources: null },
    ]);
    assert.match(table, /^ID\s+PROJECT\s+STATUS\s+PID\s+CPU\s+MEM\s+STARTED/);
    assert.match(table, /br-a\s+app\s+running\s+10\s+3\.1%\s+84\.2 MB\s+2030/);
    assert.match(table, /br-b\s+app\s+running \(gone\)\s+20\s+-\s+-\s+2030/);
    assert.doesNotMatch(table, /DISK/, 'no DISK column when no io was readable');
  });

  it('formatBridgesTable() adds a DISK column when the io of some bridge was read', () => {
    const resources = {
      cpu_percent: 1,
      rss_bytes: 1000,
      disk_read_bytes: 1_250_000,
      disk_write_bytes: 310_000,
    } as BridgeResources;
    const table = formatBridgesTable([
      { ...bridge('br-a', true, 10), resources },
      { ...bridge('br-b', true, 20), resources: { ...resources, disk_read_bytes: null } },
    ]);
    assert.match(table, /^ID\s+PROJECT\s+STATUS\s+PID\s+CPU\s+MEM\s+DISK\s+STARTED/);
    assert.match(table, /br-a\s+.*1\.0 kB\s+r 1\.3 MB \/ w 310 kB\s+2030/);
    assert.match(table, /br-b\s+.*1\.0 kB\s+-\s+2030/);
  });
});

describe('formatBytes()', () => {
  it('formatBytes() uses decimal units', () => {
    const cases: Array<[number, string]> = [
      [0, '0 B'],
      [999, '999 B'],
      [1000, '1.0 kB'],
      [310_000, '310 kB'],
      [1_250_000, '1.3 MB'],
      [84_000_000, '84.0 MB'],
      [3e12, '3.0 TB'],
    ];
    for (const [bytes, text] of cases) assert.equal(formatBytes(bytes), text, String(bytes));
  });
});
