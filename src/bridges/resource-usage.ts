/**
 * Pure resource maths of one bridge's process tree: CPU % from the tick delta between two
 * readings, resident memory and storage I/O summed over the tree. Processes are matched
 * between readings by pid and start time, so a recycled pid never yields a negative delta.
 *
 * What is counted: each process's own CPU plus that of its children it has waited for
 * (utime + stime + cutime + cstime), and its storage I/O, which the kernel likewise adds up
 * over waited-for children. A short-lived child that started and was reaped between two
 * readings is therefore counted (in its parent); a child that was seen and has been reaped
 * since shows up again inside its parent's counters, so its last-seen value is subtracted
 * once (each total is clamped at 0). Approximate: a zombie is left out until it is reaped
 * (the interval moves, the sum over both readings is right), and a descendant that leaves the
 * tree unreaped (orphaned to init) still has its last-seen value taken off, undercounting.
 */
import type { ProcSample } from '../system/ports.js';

/** What the API, the event feed and `clauster status --json` show for a live bridge. */
export interface BridgeResources {
  /** Percent of one core (of the machine with normalize_cpu); null on the first reading. */
  cpu_percent: number | null;
  rss_bytes: number;
  /**
   * Storage bytes read / written by the processes alive now over their lifetime, their
   * waited-for children included; null when unreadable.
   */
  disk_read_bytes: number | null;
  disk_write_bytes: number | null;
  /** Storage bytes per second since the previous reading; null on the first reading. */
  disk_read_bytes_per_second: number | null;
  disk_write_bytes_per_second: number | null;
  /** Processes in the tree (the bridge and its descendants). */
  processes: number;
  sampled_at: string;
}

/** One reading of a tree, at wall-clock `at` (ms). */
export interface TreeReading {
  at: number;
  processes: readonly ProcSample[];
}

export interface UsageOptions {
  ticksPerSecond: number;
  /** 1, or the number of cores with normalize_cpu. */
  cores: number;
}

type Counter = 'cpuTicks' | 'readBytes' | 'writeBytes';

function keyOf(sample: ProcSample): string {
  return `${sample.pid}:${sample.startTicks}`;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Sum of a counter over the tree; null when no process has it. */
function sumOf(processes: readonly ProcSample[], counter: Counter): number | null {
  let total: number | null = null;
  for (const sample of processes) {
    const value = sample[counter];
    if (value !== null) total = (total ?? 0) + value;
  }
  return total;
}

/**
 * How much a counter grew since `previous`, summed per process: a process new to the tree
 * started after the previous reading, so all of its counter counts. Processes seen before but
 * gone now were reaped into a parent's counters, so what they had then is taken off (the
 * total never goes below 0). Null when no process has the counter.
 */
function growthOf(
  current: readonly ProcSample[],
  previous: ReadonlyMap<string, ProcSample>,
  present: ReadonlySet<string>,
  counter: Counter,
): number | null {
  let total: number | null = null;
  for (const sample of current) {
    const now = sample[counter];
    if (now === null) continue;
    const before = previous.get(keyOf(sample))?.[counter] ?? 0;
    total = (total ?? 0) + Math.max(0, now - before);
  }
  if (total === null) return null;
  for (const [key, sample] of previous) {
    if (!present.has(key)) total -= sample[counter] ?? 0;
  }
  return Math.max(0, total);
}

function perSecond(growth: number | null, seconds: number): number | null {
  return growth === null || seconds <= 0 ? null : Math.round(growth / seconds);
}

/** The resources of a tree reading; CPU % and rates need the previous reading of it. */
export function measureTree(
  current: TreeReading,
  previous: TreeReading | null,
  options: UsageOptions,
): BridgeResources {
  const seconds = previous === null ? 0 : (current.at - previous.at) / 1000;
  const before = new Map((previous?.processes ?? []).map((s) => [keyOf(s), s]));
  const present = new Set(current.processes.map(keyOf));
  const grown = (counter: Counter) => growthOf(current.processes, before, present, counter);
  const ticks = grown('cpuTicks') ?? 0;
  const cores = Math.max(1, options.cores);
  const cpu =
    seconds > 0 && options.ticksPerSecond > 0
      ? round((ticks / options.ticksPerSecond / seconds / cores) * 100, 1)
      : null;
  return {
    cpu_percent: cpu,
    rss_bytes: current.processes.reduce((total, sample) => total + sample.rssBytes, 0),
    disk_read_bytes: sumOf(current.processes, 'readBytes'),
    disk_write_bytes: sumOf(current.processes, 'writeBytes'),
    disk_read_bytes_per_second: perSecond(grown('readBytes'), seconds),
    disk_write_bytes_per_second: perSecond(grown('writeBytes'), seconds),
    processes: current.processes.length,
    sampled_at: new Date(current.at).toISOString(),
  };
}

/** Totals over several bridges (a project's): sums, or null when no bridge has the field. */
export function sumResources(list: readonly BridgeResources[]): BridgeResources | null {
  if (list.length === 0) return null;
  const add = (field: keyof Omit<BridgeResources, 'sampled_at'>): number | null => {
    const values = list.map((r) => r[field]).filter((v): v is number => v !== null);
    return values.length === 0
      ? null
      : round(
          values.reduce((a, b) => a + b, 0),
          1,
        );
  };
  const latest = list.map((r) => r.sampled_at).sort();
  return {
    cpu_percent: add('cpu_percent'),
    rss_bytes: add('rss_bytes') ?? 0,
    disk_read_bytes: add('disk_read_bytes'),
    disk_write_bytes: add('disk_write_bytes'),
    disk_read_bytes_per_second: add('disk_read_bytes_per_second'),
    disk_write_bytes_per_second: add('disk_write_bytes_per_second'),
    processes: add('processes') ?? 0,
    sampled_at: latest[latest.length - 1] ?? '',
  };
}
