/**
 * Per-client request rate limit (security.md R-DOS-3). Invariant: each key has a token
 * bucket of `burst` tokens refilled at `ratePerSecond`; a request without a token is refused
 * with the seconds until the next one. Full buckets are forgotten, so memory is bounded by
 * the clients active in the last few seconds.
 */
import type { Clock } from '../system/ports.js';

export const REQUEST_RATE_DEFAULTS = { ratePerSecond: 20, burst: 40 } as const;

export interface RateLimiter {
  /** Takes one token for `key`, or says how long to wait. */
  take(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number };
}

/** Creates a token-bucket limiter measured with the injected clock. */
export function createRateLimiter(
  options: { ratePerSecond?: number; burst?: number },
  deps: { clock: Clock },
): RateLimiter {
  const rate = options.ratePerSecond ?? REQUEST_RATE_DEFAULTS.ratePerSecond;
  const burst = options.burst ?? REQUEST_RATE_DEFAULTS.burst;
  const buckets = new Map<string, { tokens: number; at: number }>();
  let lastPrune = 0;

  function prune(now: number): void {
    if (now - lastPrune < 10_000) return;
    lastPrune = now;
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * rate >= burst) buckets.delete(key);
    }
  }

  return {
    take(key) {
      const now = deps.clock.now();
      prune(now);
      const bucket = buckets.get(key) ?? { tokens: burst, at: now };
      const tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate);
      if (tokens < 1) {
        buckets.set(key, { tokens, at: now });
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / rate)) };
      }
      buckets.set(key, { tokens: tokens - 1, at: now });
      return { allowed: true };
    },
  };
}
