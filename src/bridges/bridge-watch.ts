/**
 * Observes a live bridge without owning it: follows its stdout and debug log for the connect
 * URL and readiness markers, and — for a re-adopted bridge that is not our child — polls its
 * /proc identity to notice the exit.
 */
import type { Clock, Fs, Processes, ProcessIdentity } from '../system/ports.js';
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

export type ExitSignal = 'gone' | 'recycled';

function lastVisibleLine(text: string): string | null {
  const lines = stripTerminalEscapes(text)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  return lines.at(-1) ?? null;
}

/** Follows the logs; `onObservation` runs after every read, `nextDelay` paces the reads. */
export function watchBridgeOutput(
  logs: LogFiles,
  handlers: { onObservation(observation: Observation): void; nextDelay(): number },
  deps: { fs: Fs },
): Watch {
  const stdout = createFileFollower(logs.stdout, deps);
  const debug = createFileFollower(logs.debug, deps);
  const framer = createLineFramer();
  let tail = '';
  let markers = createDebugMarkers();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let inFlight: Promise<Observation> | null = null;

  async function read(): Promise<Observation> {
    tail = (tail + (await stdout.read())).slice(-STDOUT_TAIL);
    markers = scanDebugLines(framer.push(await debug.read()), markers);
    const fromDebug =
      isBridgeReady(markers) && markers.environmentId !== null
        ? buildEnvironmentUrl(markers.environmentId)
        : null;
    return { url: parseConnectUrl(tail) ?? fromDebug, markers, lastLine: lastVisibleLine(tail) };
  }

  function poll(): Promise<Observation> {
    inFlight ??= read().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(async () => {
      try {
        const observation = await poll();
        if (!stopped) handlers.onObservation(observation);
      } catch {
        // A log file that vanished or cannot be read is retried at the next tick.
      }
      schedule();
    }, handlers.nextDelay());
    timer.unref();
  }

  schedule();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
    poll,
  };
}

/** True when `identity` is the process recorded as (pid, start ticks, boot id, remote-control). */
export function isSameBridgeProcess(
  identity: ProcessIdentity | null,
  expected: { pid: number | null; proc_start_ticks: number | null; boot_id: string | null },
): boolean {
  if (identity === null || expected.pid === null) return false;
  return (
    identity.pid === expected.pid &&
    identity.startTicks === expected.proc_start_ticks &&
    identity.bootId === expected.boot_id &&
    identity.cmdline.some((arg) => arg.includes('remote-control'))
  );
}

/** Polls /proc until the recorded process is gone or its pid now names another process. */
export function watchProcessExit(
  expected: { pid: number | null; proc_start_ticks: number | null; boot_id: string | null },
  intervalMs: number,
  deps: { processes: Processes; clock?: Clock },
): { exited: Promise<ExitSignal>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  const exited = new Promise<ExitSignal>((resolve) => {
    const tick = async () => {
      if (cancelled) return;
      const identity = expected.pid === null ? null : await deps.processes.identity(expected.pid);
      if (identity === null) return resolve('gone');
      if (!isSameBridgeProcess(identity, expected)) return resolve('recycled');
      timer = setTimeout(tick, intervalMs);
      timer.unref();
    };
    void tick();
  });
  return {
    exited,
    cancel() {
      cancelled = true;
      clearTimeout(timer);
    },
  };
}
