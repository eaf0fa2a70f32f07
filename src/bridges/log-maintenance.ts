/**
 * Periodic log-set upkeep for a running dashboard: redacted public mirrors of raw logs
 * (hybrid mode), size rotation of live bridges' files, and retention pruning at start, at
 * bridge spawns and hourly. Invariants: live sets are never pruned; one run (pass or prune)
 * at a time; requests made before a queued run starts share it, so a burst of spawns costs
 * one prune and one made during a run at most one more; stop() clears the timer and waits
 * for what is queued.
 */
import { join } from 'node:path';
import type { ClausterEvent } from '../events/bus.js';
import type { Clock, Fs, Logger } from '../system/ports.js';
import { createLogMirror, type LogMirror } from './log-mirror.js';
import { LOG_STREAMS, logFilePath } from './log-paths.js';
import { createLogRotator, type LogSettings, pruneLogSets } from './log-sets.js';

const DEFAULT_INTERVAL_MS = 5_000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

export interface LogMaintenanceOptions {
  stateDir: string;
  settings: LogSettings;
  /** Ids of bridges whose process may be alive (their sets are never pruned). */
  liveIds(): string[];
  /** The event bus subscription: a spawned bridge (`from: null`) triggers pruning. */
  subscribe?: (listener: (event: ClausterEvent) => void) => () => void;
  intervalMs?: number;
}

export interface LogMaintenance {
  /** One pass soon (shares a pass queued but not started): mirrors, rotation, due pruning. */
  tick(): Promise<void>;
  /** Prunes soon (shares a prune queued but not started); returns the deleted set ids. */
  prune(): Promise<string[]>;
  stop(): Promise<void>;
}

/** Starts the upkeep timer; the first pass (with pruning) runs at once. */
export function startLogMaintenance(
  options: LogMaintenanceOptions,
  deps: { fs: Fs; clock: Clock; logger?: Logger },
): LogMaintenance {
  const mirrors = new Map<string, LogMirror[]>();
  const rotator = createLogRotator(options.stateDir, options.settings, deps);
  let lastPrune = Number.NEGATIVE_INFINITY;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  function mirrorsOf(id: string): LogMirror[] {
    let list = mirrors.get(id);
    if (!list) {
      list = LOG_STREAMS.map((stream) =>
        createLogMirror(
          logFilePath(options.stateDir, id, stream, true),
          logFilePath(options.stateDir, id, stream),
          deps,
        ),
      );
      mirrors.set(id, list);
    }
    return list;
  }

  const warned = new Set<string>();

  // Hybrid mode needs the bridge to write <stream>.raw.log; say so once if it does not (an
  // adopted bridge's set is created with the same raw names, empty).
  async function checkRawCopies(id: string): Promise<void> {
    if (warned.has(id)) return;
    const raw = logFilePath(options.stateDir, id, 'stdout', true);
    const exists = await deps.fs.access(raw).then(
      () => true,
      () => false,
    );
    if (exists) return;
    warned.add(id);
    deps.logger?.warn('logs.redact_session_url is on, but this bridge writes its logs verbatim', {
      bridge: id,
      expected: raw,
    });
  }

  async function syncMirrors(live: string[]): Promise<void> {
    if (!options.settings.redact_session_url) return;
    for (const id of live) {
      await checkRawCopies(id);
      for (const mirror of mirrorsOf(id)) await mirror.sync();
    }
    // A bridge that stopped gets one final sync (its partial last line), then is forgotten.
    for (const [id, list] of mirrors) {
      if (live.includes(id)) continue;
      for (const mirror of list) await mirror.sync(true);
      mirrors.delete(id);
    }
  }

  async function prune(): Promise<string[]> {
    lastPrune = deps.clock.now();
    const removed = await pruneLogSets(
      options.stateDir,
      { settings: options.settings, liveIds: options.liveIds() },
      deps,
    );
    if (removed.length > 0)
      deps.logger?.info('pruned old bridge logs', {
        count: removed.length,
        root: join(options.stateDir, 'logs'),
      });
    return removed;
  }

  async function pass(): Promise<void> {
    const live = options.liveIds();
    await syncMirrors(live);
    await rotator.rotate(live);
    if (deps.clock.now() - lastPrune >= PRUNE_EVERY_MS) await prune();
  }

  function queue<T>(work: () => Promise<T>): Promise<T> {
    const result = running.then(work);
    running = result.then(
      () => undefined,
      (error: unknown) => {
        deps.logger?.warn('log upkeep failed', { error: String(error) });
      },
    );
    return result;
  }

  // Queues `work` once: calls made before that run starts get the same promise.
  function coalesce<T>(work: () => Promise<T>): () => Promise<T> {
    let waiting: Promise<T> | null = null;
    return () => {
      waiting ??= queue(() => {
        waiting = null;
        return work();
      });
      return waiting;
    };
  }

  const requestPass = coalesce(pass);
  const requestPrune = coalesce(prune);
  const timer = setInterval(() => {
    if (!stopped) requestPass().catch(() => undefined);
  }, options.intervalMs ?? DEFAULT_INTERVAL_MS);
  timer.unref();
  requestPass().catch(() => undefined);
  const unsubscribe = options.subscribe?.((event) => {
    if (event.type === 'bridge' && event.from === null && !stopped)
      requestPrune().catch(() => undefined);
  });

  return {
    tick: requestPass,
    prune: requestPrune,
    async stop() {
      stopped = true;
      clearInterval(timer);
      unsubscribe?.();
      await running;
    },
  };
}
