/**
 * Restarts for `projects.<name>.autostart` only, with exponential backoff, so a bridge that
 * keeps dying is never restarted in a tight loop. Every other bridge restarts only on request.
 */

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** A bridge that lived at least this long resets the backoff. */
  stableMs: number;
}

export interface AutostartScheduler {
  /** Schedules the next attempt for `project`; `livedMs` is how long the last bridge ran. */
  schedule(project: string, livedMs: number | null): number;
  /** Cancels the pending attempt and forgets the backoff. */
  cancel(project: string): void;
  /** Attempts scheduled for `project` since its backoff last reset (the pending one included). */
  attempts(project: string): number;
  close(): void;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  initialMs: 1_000,
  maxMs: 300_000,
  stableMs: 60_000,
};

/** The delay before attempt number `attempt` (0-based). */
export function computeBackoffMs(attempt: number, options: BackoffOptions): number {
  return Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
}

/** Creates a scheduler that calls `run(project)` after each computed delay. */
export function createAutostartScheduler(
  run: (project: string) => void,
  options: BackoffOptions = DEFAULT_BACKOFF,
): AutostartScheduler {
  const attempts = new Map<string, number>();
  const timers = new Map<string, NodeJS.Timeout>();
  return {
    schedule(project, livedMs) {
      if (livedMs !== null && livedMs >= options.stableMs) attempts.set(project, 0);
      const attempt = attempts.get(project) ?? 0;
      attempts.set(project, attempt + 1);
      const delay = computeBackoffMs(attempt, options);
      clearTimeout(timers.get(project));
      const timer = setTimeout(() => {
        timers.delete(project);
        run(project);
      }, delay);
      timer.unref();
      timers.set(project, timer);
      return delay;
    },
    cancel(project) {
      clearTimeout(timers.get(project));
      timers.delete(project);
      attempts.delete(project);
    },
    attempts: (project) => attempts.get(project) ?? 0,
    close() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
