/**
 * Login throttle (security.md R-AUTH-3, R-LAN-3; Grafana's 5 per 5 minutes).
 * Invariants: a key (peer IP or proxy-asserted user) with ≥ `perKeyLimit` failures inside
 * the last `perKeyWindowSeconds` is refused; when ≥ `globalLimit` failures happened across
 * all keys inside `globalWindowSeconds`, everyone is refused (one account, so "per account"
 * is global). A refusal says how many seconds until the oldest counted failure leaves its
 * window. Refused attempts are not counted (so the lock cannot be extended by hammering),
 * and a success clears only its own key. An attempt is counted as a failure the moment it
 * starts (argon2 takes a while; parallel guesses must not all slip past the check) and
 * un-counted when it succeeds. Memory is bounded: only counted failures are kept.
 * For checks too cheap to race (bearer tokens: one SHA-256), `recordFailure()` counts only
 * attempts that actually failed, so parallel valid requests are never refused.
 */
import type { Clock } from '../system/ports.js';

export interface LoginThrottleOptions {
  perKeyLimit?: number;
  perKeyWindowSeconds?: number;
  globalLimit?: number;
  globalWindowSeconds?: number;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export type ThrottleAttempt =
  | { allowed: true; succeeded(): void }
  | { allowed: false; retryAfterSeconds: number };

export interface LoginThrottle {
  /** Whether `key` may attempt a login now. */
  check(key: string): ThrottleDecision;
  /** Starts an attempt: refused, or counted as a failure until `succeeded()` is called. */
  attempt(key: string): ThrottleAttempt;
  /** Counts one failed attempt of `key` (use with `check()` when attempts are not pre-counted). */
  recordFailure(key: string): void;
}

export const LOGIN_THROTTLE_DEFAULTS = {
  perKeyLimit: 5,
  perKeyWindowSeconds: 300,
  globalLimit: 30,
  globalWindowSeconds: 3600,
} as const;

/**
 * The failed-bearer-token throttle: per client 5 per 5 min like logins, but a wider global
 * cap: 256-bit tokens cannot be guessed, and one broken script must not lock every other
 * client out.
 */
export const BEARER_THROTTLE_DEFAULTS = { ...LOGIN_THROTTLE_DEFAULTS, globalLimit: 600 } as const;

function prune(times: number[], cutoff: number): number[] {
  let first = 0;
  while (first < times.length && (times[first] as number) <= cutoff) first += 1;
  return first === 0 ? times : times.slice(first);
}

function retryAfter(times: number[], windowMs: number, now: number): number {
  const oldest = times[0] ?? now;
  return Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
}

/** Creates an in-memory throttle measured with the injected clock. */
export function createLoginThrottle(
  options: LoginThrottleOptions,
  deps: { clock: Clock },
): LoginThrottle {
  const o = { ...LOGIN_THROTTLE_DEFAULTS, ...options };
  const keyWindowMs = o.perKeyWindowSeconds * 1000;
  const globalWindowMs = o.globalWindowSeconds * 1000;
  const perKey = new Map<string, number[]>();
  let global: number[] = [];

  function refresh(now: number): void {
    global = prune(global, now - globalWindowMs);
    for (const [key, times] of perKey) {
      const kept = prune(times, now - keyWindowMs);
      if (kept.length === 0) perKey.delete(key);
      else perKey.set(key, kept);
    }
  }

  function check(key: string): ThrottleDecision {
    const now = deps.clock.now();
    refresh(now);
    const times = perKey.get(key) ?? [];
    // Only the most recent `limit` failures matter for when the key unlocks.
    const waits: number[] = [];
    if (times.length >= o.perKeyLimit) {
      waits.push(retryAfter(times.slice(times.length - o.perKeyLimit), keyWindowMs, now));
    }
    if (global.length >= o.globalLimit) {
      waits.push(retryAfter(global.slice(global.length - o.globalLimit), globalWindowMs, now));
    }
    return waits.length === 0
      ? { allowed: true }
      : { allowed: false, retryAfterSeconds: Math.max(...waits) };
  }

  function recordFailure(key: string): number {
    const now = deps.clock.now();
    perKey.set(key, [...(perKey.get(key) ?? []), now]);
    global.push(now);
    return now;
  }

  function attempt(key: string): ThrottleAttempt {
    const decision = check(key);
    if (!decision.allowed) return decision;
    const now = recordFailure(key);
    return {
      allowed: true,
      succeeded() {
        perKey.delete(key);
        const index = global.lastIndexOf(now);
        if (index !== -1) global.splice(index, 1);
      },
    };
  }

  return {
    check,
    attempt,
    recordFailure(key) {
      recordFailure(key);
    },
  };
}
