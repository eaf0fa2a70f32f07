/**
 * At most one log line per key per interval, for lines a stranger can trigger at will (a
 * refused Host). Invariant: memory holds at most `maxKeys` keys of at most `maxKeyLength`
 * characters; while every slot is taken by a key logged within the interval, a new key is not
 * logged, so a flood of distinct keys writes at most `maxKeys` lines per interval.
 */
import type { Clock } from '../system/ports.js';

export interface LogThrottle {
  /** True when a line for `key` may be written now (and counts it as written). */
  take(key: string): boolean;
}

export const LOG_THROTTLE_DEFAULTS = { intervalMs: 60_000, maxKeys: 100, maxKeyLength: 256 };

/** Creates a throttle measured with the injected clock. */
export function createLogThrottle(
  options: Partial<typeof LOG_THROTTLE_DEFAULTS>,
  deps: { clock: Clock },
): LogThrottle {
  const { intervalMs, maxKeys, maxKeyLength } = { ...LOG_THROTTLE_DEFAULTS, ...options };
  // Insertion order is logging order, so the expired keys are always at the front.
  const loggedAt = new Map<string, number>();
  return {
    take(key) {
      const now = deps.clock.now();
      for (const [old, at] of loggedAt) {
        if (now - at < intervalMs) break;
        loggedAt.delete(old);
      }
      const slot = key.slice(0, maxKeyLength);
      if (loggedAt.has(slot) || loggedAt.size >= maxKeys) return false;
      loggedAt.set(slot, now);
      return true;
    },
  };
}
