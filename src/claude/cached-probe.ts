/**
 * A single-flight, stale-while-revalidate cache for a slow probe of the claude CLI
 * (`--version`, `auth status`). Invariants: at most one probe runs at a time; the first read
 * waits for it, later reads get the cached value at once and start a refresh in the
 * background when it is older than `ttlMs(value)`; `invalidate()` during a probe runs one more
 * after it (that probe may predate the change). `run` must not reject.
 */
import type { Clock } from '../system/ports.js';

export interface CachedProbe<T> {
  read(): Promise<T>;
  /** The last value without probing; null before the first probe finished. */
  peek(): T | null;
  /** Re-probes now, or right after a probe already running. */
  invalidate(): void;
}

export interface CachedProbeOptions<T> {
  /** How long `value` is served before a read refreshes it. */
  ttlMs(value: T): number;
  /** Called with every probe's value and the one it replaces (null for the first). */
  onValue?(value: T, previous: T | null): void;
}

export function createCachedProbe<T>(
  run: () => Promise<T>,
  options: CachedProbeOptions<T>,
  clock: Clock,
): CachedProbe<T> {
  let cached: { value: T; at: number } | null = null;
  let pending: Promise<T> | null = null;
  let again = false;

  function refresh(): Promise<T> {
    pending ??= run().then((value) => {
      const previous = cached === null ? null : cached.value;
      cached = { value, at: clock.now() };
      pending = null;
      options.onValue?.(value, previous);
      if (again) {
        again = false;
        void refresh();
      }
      return value;
    });
    return pending;
  }

  return {
    read() {
      if (cached === null) return refresh();
      if (clock.now() - cached.at >= options.ttlMs(cached.value)) void refresh();
      return Promise.resolve(cached.value);
    },
    peek: () => (cached === null ? null : cached.value),
    invalidate() {
      if (pending === null) void refresh();
      else again = true;
    },
  };
}
