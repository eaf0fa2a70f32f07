/**
 * Observes a live bridge's output without owning it: follows its stdout and debug log for the
 * connect URL and readiness markers. Cost model: the log directory is watched (fs.watch), so
 * an idle bridge costs nothing but a rare safety poll (one stat per file); only appended bytes
 * are read and parsed. While `eager` (starting) a change is read at once, with a short poll
 * as the fallback; while calm (running) changes are read at most once per `calmGapMs`.
 */
import type { Fs, WatchPath } from '../system/ports.js';
import type { LogFiles } from './bridge-launch.js';
import {
  createDebugMarkers,
  type DebugMarkers,
  isBridgeReady,
  scanDebugLines,
} from './debug-log.js';
import { createLineFramer } from './line-framer.js';
import { createFileFollower } from './log-follow.js';
import { buildEnvironmentUrl, parseConnectUrl, stripTerminalEscapes } from './url.js';

const STDOUT_TAIL = 16 * 1024;

export interface Observation {
  /** The connect URL from stdout, else from the debug log's environment id once ready. */
  url: string | null;
  markers: DebugMarkers;
  /** The last visible stdout line (e.g. a prompt the bridge is blocked at). */
  lastLine: string | null;
}

export interface Watch {
  stop(): void;
  /** Reads once more right now (used before deciding an exit reason). */
  poll(): Promise<Observation>;
}

export interface WatchHandlers {
  /** Runs after every read (also when nothing changed: the startup grace needs the clock). */
  onObservation(observation: Observation): void;
  /** True while every change matters at once (a starting bridge). */
  eager(): boolean;
}

export interface WatchPacing {
  /** Poll while eager; a fallback for the watcher. */
  eagerPollMs: number;
  /** Poll while calm when no watcher could be set up. */
  calmPollMs: number;
  /** Poll while calm with a watcher: only a net for missed events (default 30 s). */
  safetyPollMs?: number;
  /** While calm, changes are read at most this often (default 1 s). */
  calmGapMs?: number;
}

function lastVisibleLine(text: string): string | null {
  const lines = stripTerminalEscapes(text)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  return lines.at(-1) ?? null;
}

/** Follows the logs incrementally; see WatchPacing for when they are read. */
export function watchBridgeOutput(
  logs: LogFiles,
  handlers: WatchHandlers,
  pacing: WatchPacing,
  deps: { fs: Fs; watch?: WatchPath },
): Watch {
  const stdout = createFileFollower(logs.stdout, deps);
  const debug = createFileFollower(logs.debug, deps);
  const framer = createLineFramer();
  const calmGapMs = pacing.calmGapMs ?? 1000;
  let tail = '';
  let fromStdout: Pick<Observation, 'url' | 'lastLine'> = { url: null, lastLine: null };
  let markers = createDebugMarkers();
  let last: Observation | null = null;
  let pollTimer: NodeJS.Timeout | undefined;
  let changeTimer: NodeJS.Timeout | undefined;
  let watcher: { close(): void } | null = null;
  let stopped = false;
  let inFlight: Promise<Observation> | null = null;
  let busy = false;
  let again = false;

  async function read(): Promise<Observation> {
    const [out, dbg] = await Promise.all([stdout.read(), debug.read()]);
    if (last !== null && out === '' && dbg === '') return last;
    if (out !== '') {
      // Why a tail: the status block is redrawn in place, and a URL may span two reads.
      tail = (tail + out).slice(-STDOUT_TAIL);
      fromStdout = { url: parseConnectUrl(tail), lastLine: lastVisibleLine(tail) };
    }
    if (dbg !== '') markers = scanDebugLines(framer.push(dbg), markers);
    const fromDebug =
      isBridgeReady(markers) && markers.environmentId !== null
        ? buildEnvironmentUrl(markers.environmentId)
        : null;
    last = { url: fromStdout.url ?? fromDebug, markers, lastLine: fromStdout.lastLine };
    return last;
  }

  function poll(): Promise<Observation> {
    inFlight ??= read().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  function onChange(): void {
    if (stopped) return;
    if (handlers.eager()) return void tick();
    // Calm: one read per gap however chatty the bridge is.
    if (changeTimer !== undefined) return;
    changeTimer = setTimeout(() => {
      changeTimer = undefined;
      void tick();
    }, calmGapMs);
    changeTimer.unref();
  }

  function schedulePoll(): void {
    clearTimeout(pollTimer);
    if (stopped) return;
    pollTimer = setTimeout(() => void tick(), nextPollMs());
    pollTimer.unref();
  }

  function ensureWatcher(): void {
    if (watcher !== null || stopped || deps.watch === undefined) return;
    try {
      watcher = deps.watch(logs.dir, onChange);
    } catch {
      watcher = null; // no directory, or no watch left: the poll still runs
    }
  }

  function nextPollMs(): number {
    if (handlers.eager()) return pacing.eagerPollMs;
    return watcher === null ? pacing.calmPollMs : (pacing.safetyPollMs ?? 30_000);
  }

  // One read at a time; a change seen meanwhile is read right after (events coalesce).
  async function tick(): Promise<void> {
    if (stopped) return;
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        // A read started elsewhere (poll()) may predate the change: let it finish first.
        await inFlight?.catch(() => undefined);
        try {
          const observation = await poll();
          if (!stopped) handlers.onObservation(observation);
        } catch {
          // A log file that cannot be read is retried at the next tick.
        }
      } while (again && !stopped && handlers.eager());
    } finally {
      busy = false;
    }
    ensureWatcher();
    if (again) {
      again = false;
      onChange(); // changed during the read, after the status turned calm
    }
    schedulePoll();
  }

  ensureWatcher();
  schedulePoll();
  return {
    stop() {
      stopped = true;
      clearTimeout(pollTimer);
      clearTimeout(changeTimer);
      watcher?.close();
      watcher = null;
    },
    poll,
  };
}
