/**
 * Per-bridge resource sampler (config `metrics.*`). Invariant: /proc is read only while
 * something wants the numbers — a watcher (a /ws/events subscriber) or a read (API, scrape)
 * within the last poll interval; with nobody asking there is no timer at all, so a dashboard
 * of idle bridges that nobody looks at costs nothing. Readings of bridges that are no longer
 * live are dropped at the next poll.
 */
import type { Clock, ProcStats } from '../system/ports.js';
import { type BridgeResources, measureTree, type TreeReading } from './resource-usage.js';

/** A live bridge to sample. */
export interface SampledBridge {
  id: string;
  pid: number;
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
  /** The latest table as it is, without reading /proc. */
  peek(): ResourceTable;
  /** Polls now (a poll already in flight is shared). */
  poll(): Promise<ResourceTable>;
  /** Stops the timer; later calls never read /proc. */
  close(): void;
}

// A read keeps the timer going for this many intervals (slack for timer drift), so one
// request is followed by one more poll and the next request finds a CPU %.
const READ_DEMAND_INTERVALS = 1.5;
// An older previous reading is not used for a CPU % (it would average over a long idle gap).
const MAX_DELTA_MS = 10 * 60_000;

/** Creates the sampler; it reads nothing until it is watched, read or polled. */
export function createResourceSampler(
  options: ResourceSamplerOptions,
  deps: ResourceSamplerDeps,
): ResourceSampler {
  const readings = new Map<string, { pid: number; reading: TreeReading }>();
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

  async function sampleBridge(bridge: SampledBridge, usage: UsageInput, next: ResourceTable) {
    const processes = await deps.procStats.readTree(bridge.pid);
    if (processes.length === 0) return;
    const reading = { at: deps.clock.now(), processes };
    const before = readings.get(bridge.id);
    const previous =
      before !== undefined &&
      before.pid === bridge.pid &&
      reading.at - before.reading.at <= MAX_DELTA_MS
        ? before.reading
        : null;
    readings.set(bridge.id, { pid: bridge.pid, reading });
    next[bridge.id] = measureTree(reading, previous, usage);
  }

  async function runPoll(): Promise<ResourceTable> {
    const usage = {
      ticksPerSecond: await deps.procStats.ticksPerSecond(),
      cores: options.normalizeCpu ? deps.procStats.cpuCount() : 1,
    };
    const next: ResourceTable = {};
    await Promise.all(deps.liveBridges().map((bridge) => sampleBridge(bridge, usage, next)));
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
    peek: () => table,
    poll,
    close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}

type UsageInput = Parameters<typeof measureTree>[2];
