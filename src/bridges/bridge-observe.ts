/**
 * Turns what a live bridge writes into status changes (design §4 readiness). Each live bridge's
 * log directory is watched (at most MAX_WATCHERS at once; beyond that, polled): while
 * `starting` every change is read at once, with a short fallback poll; afterwards changes are
 * read at most once a second (only a changed URL is left to see — the exit of our own child is
 * reported at once by its exit promise, not by these reads) and idle logs cost nothing.
 */
import type { Clock, Fs, WatchPath } from '../system/ports.js';
import type { BridgeTracker, Tracked } from './bridge-tracker.js';
import { type Observation, type Watch, watchBridgeOutput } from './bridge-watch.js';
import { judgeObservation } from './readiness.js';
import { isLiveStatus } from './record.js';
import type { Transitions } from './transitions.js';

/** Bounds the inotify watches one dashboard holds for bridge logs. */
const MAX_WATCHERS = 256;

export interface ObserverOptions {
  startupGraceMs: number;
  /** Fallback poll while `starting` (the watcher normally reports first). */
  startingPollMs: number;
  /** Poll while `running` or `error` for a bridge whose logs are not watched. */
  runningPollMs: number;
}

// The watch port with a budget: past it, setting up a watch fails and the caller polls.
function limitWatchers(watch: WatchPath | undefined, max: number): WatchPath | undefined {
  if (watch === undefined) return undefined;
  let open = 0;
  return (path, onChange) => {
    if (open >= max) throw new Error(`more than ${max} log watchers`);
    const handle = watch(path, onChange);
    open += 1;
    let closed = false;
    return {
      close() {
        if (closed) return;
        closed = true;
        open -= 1;
        handle.close();
      },
    };
  };
}

export interface BridgeObserver {
  /** Starts following a bridge's logs (stored as `t.watch`). */
  observe(t: Tracked): Watch;
  /** Applies the status change an observation calls for, if any. */
  judge(t: Tracked, seen: Observation): Promise<void>;
}

/** Creates the observer of one supervisor. */
export function createBridgeObserver(
  options: ObserverOptions,
  parts: { tracker: BridgeTracker; changes: Transitions },
  deps: { fs: Fs; clock: Clock; watch?: WatchPath },
): BridgeObserver {
  const watchDeps = { fs: deps.fs, watch: limitWatchers(deps.watch, MAX_WATCHERS) };

  async function judge(t: Tracked, seen: Observation): Promise<void> {
    if (t.exit === null || t.stopping !== null || !isLiveStatus(t.record.status)) return;
    const patch = judgeObservation(t.record, seen, {
      nowMs: deps.clock.now(),
      startupGraceMs: options.startupGraceMs,
    });
    if (patch !== null) await parts.changes.apply(t, patch);
  }

  function observe(t: Tracked): Watch {
    const watch = watchBridgeOutput(
      { dir: t.record.log_dir, ...parts.tracker.logFiles(t.record) },
      {
        onObservation: (seen) => void judge(t, seen),
        eager: () => t.record.status === 'starting',
      },
      { eagerPollMs: options.startingPollMs, calmPollMs: options.runningPollMs },
      watchDeps,
    );
    t.watch = watch;
    return watch;
  }

  return { observe, judge };
}
