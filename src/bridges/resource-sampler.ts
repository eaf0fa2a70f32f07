/**
 * Per-bridge resource sampler (config `metrics.*`). Invariant: /proc is read only while
 * something wants the numbers — a watcher (a /ws/events subscriber) or a read (API, scrape)
 * within the last poll interval; with nobody asking there is no timer at all, so a dashboard
 * of idle bridges that nobody looks at costs nothing. Readings of bridges that are no longer
 * live are dropped at the next poll. A poll reads every bridge in one batch (one /proc scan at
 * most); a CPU % never compares two processes (pid + start time) or readings more than three
 * intervals apart, and peek() never hands out entries older than two.
 */
import type { Clock, ProcStats } from '../system/ports.js';
import { type BridgeResources, measureTree, type TreeReading } from './resource-usage.js';

/** A live bridge to sample: its pid and the start time that pid must still have. */
export interface SampledBridge {
  id: string;
  pid: number;
  /** Field 22 of /proc/<pid>/stat at launch: a recycled pid has another, and reads as gone. */
  startTicks: number;
}

/** Bridge id → its latest resources. */
export type ResourceTable = Record<string, BridgeResources>;

export interface ResourceSamplerOptions {
  pollMs: number;
  normalizeCpu: boolean;
}

export interface ResourceSamplerDeps {
  clock: Clock;
  procStats: ProcStats;
  /** The bridges to sample, asked at every poll. */
  liveBridges(): readonly SampledBridge[];
  /** Gets each poll's table while at least one watcher holds on (the live event feed). */
  publish?(table: ResourceTable): void;
}

export interface ResourceSampler {
  /** Keeps polling every poll interval until the returned release function is called. */
  watch(): () => void;
  /** The latest table, polled first when older than one interval (API and scrape callers). */
  read(): Promise<ResourceTable>;
  /** The latest table without reading /proc, minus entries older than two intervals. */
  peek(): ResourceTable;
  /** Polls now (a poll already in flight is shared). */
  poll(): Promise<ResourceTable>;
  /** Stops the timer; later calls never read /proc. */
  close(): void;
}

// A read keeps the timer going for this many intervals (slack for timer drift), so one
// request is followed by one more poll and the next request finds a CPU %.
const READ_DEMAND_INTERVALS = 1.5;
// An older previous reading is not used for a CPU % (it would average over a long idle gap):
// the figure stays null until the next poll.
const MAX_DELTA_INTERVALS = 3;
// peek() leaves out entries older than this many intervals (an idle sampler's old table).
const PEEK_MAX_AGE_INTERVALS = 2;

/** Creates the sampler; it reads nothing until it is watched, read or polled. */
export function createResourceSampler(
  options: ResourceSamplerOptions,
  deps: ResourceSamplerDeps,
): ResourceSampler {
  const readings = new Map<string, { identity: string; reading: TreeReading }>();
  let table: ResourceTable = {};
  let lastPollAt: number | null = null;
  let lastReadAt = Number.NEGATIVE_INFINITY;
  let watchers = 0;
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<ResourceTable> | null = null;
  let closed = false;

  const isStale = () => lastPollAt === null || deps.clock.now() - lastPollAt >= options.pollMs;
  const isWanted = () =>
    watchers > 0 || deps.clock.now() - lastReadAt < options.pollMs * READ_DEMAND_INTERVALS;

  function record(bridge: SampledBridge, reading: TreeReading, usage: UsageInput): BridgeResources {
    // Same bridge id, another process (a restart, a new pid): start over.
    const identity = `${bridge.pid}:${bridge.startTicks}`;
    const before = readings.get(bridge.id);
    const previous =
      before !== undefined &&
      before.identity === identity &&
      reading.at - before.reading.at <= options.pollMs * MAX_DELTA_INTERVALS
        ? before.reading
        : null;
    readings.set(bridge.id, { identity, reading });
    return measureTree(reading, previous, usage);
  }

  async function runPoll(): Promise<ResourceTable> {
    const usage = {
      ticksPerSecond: await deps.procStats.ticksPerSecond(),
      cores: options.normalizeCpu ? deps.procStats.cpuCount() : 1,
    };
    const bridges = deps.liveBridges();
    // Taken before the reads: /proc answers from this instant on.
    const at = deps.clock.now();
    const trees = await deps.procStats.readTrees(
      bridges.map((b) => ({ pid: b.pid, startTicks: b.startTicks })),
    );
    const next: ResourceTable = {};
    bridges.forEach((bridge, i) => {
      const processes = trees[i] ?? [];
      if (processes.length > 0) next[bridge.id] = record(bridge, { at, processes }, usage);
    });
    for (const id of readings.keys()) if (!Object.hasOwn(next, id)) readings.delete(id);
    table = next;
    lastPollAt = deps.clock.now();
    if (watchers > 0 && !closed) deps.publish?.(table);
    return table;
  }

  function poll(): Promise<ResourceTable> {
    if (closed) return Promise.resolve(table);
    inFlight ??= runPoll().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  async function tick(): Promise<void> {
    timer = null;
    // Nobody asked lately: stop; the next watch() or read() starts the timer again.
    if (closed || !isWanted()) return;
    try {
      await poll();
    } finally {
      schedule();
    }
  }

  function schedule(): void {
    if (timer !== null || closed) return;
    timer = setTimeout(() => void tick().catch(() => {}), options.pollMs);
    timer.unref();
  }

  return {
    watch() {
      watchers += 1;
      if (isStale()) void poll().catch(() => {});
      schedule();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        watchers -= 1;
      };
    },
    async read() {
      lastReadAt = deps.clock.now();
      schedule();
      return isStale() ? poll() : table;
    },
    peek() {
      const oldest = deps.clock.now() - options.pollMs * PEEK_MAX_AGE_INTERVALS;
      const fresh: ResourceTable = {};
      for (const [id, entry] of Object.entries(table)) {
        if ((readings.get(id)?.reading.at ?? Number.NEGATIVE_INFINITY) >= oldest) fresh[id] = entry;
      }
      return fresh;
    },
    poll,
    close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}

type UsageInput = Parameters<typeof measureTree>[2];
