/**
 * A small bounded memo of already-verified session seals (design §3; the unseal is two key
 * derivations, AES and HMAC per request otherwise). Invariants: it only skips the crypto of a
 * seal that was verified within the last `ttlMs` (≤ 10 s) — never a policy check: epoch,
 * absolute, idle and future-timestamp checks still run on every request against the current
 * epoch and clock; an entry never outlives the seal's own iron expiry; keys are SHA-256
 * digests (the cookie value itself is not kept); at most `capacity` entries (LRU).
 */
import * as nodeCrypto from 'node:crypto';

export const SESSION_CACHE_CAPACITY = 1024;
export const SESSION_CACHE_TTL_MS = 10_000;

export interface TtlCache<V> {
  /** The value stored for `key` if it has not expired at `nowMs`. */
  get(key: string, nowMs: number): V | undefined;
  /** Stores `value` until `nowMs + ttl` (or `untilMs` when sooner), evicting the oldest. */
  set(key: string, value: V, nowMs: number, untilMs?: number): void;
  /** Drops every entry. */
  clear(): void;
  readonly size: number;
}

/** The SHA-256 (base64url) under which a secret-bearing string is cached. */
export function hashCacheKey(secret: string): string {
  // The one-shot crypto.hash (Node ≥ 20.12) is about twice as fast as a Hash object.
  if (typeof nodeCrypto.hash === 'function') return nodeCrypto.hash('sha256', secret, 'base64url');
  return nodeCrypto.createHash('sha256').update(secret, 'utf8').digest('base64url');
}

/** iron's expiry (ms since the epoch) written into a seal, or null when it has none. */
export function readSealExpiryMs(seal: string): number | null {
  const field = seal.split('*')[5] ?? '';
  return /^\d{1,16}$/.test(field) ? Number(field) : null;
}

/** Creates a least-recently-used cache whose entries expire `ttlMs` after being set. */
export function createTtlCache<V>(
  options: { capacity?: number; ttlMs?: number } = {},
): TtlCache<V> {
  const capacity = Math.max(1, options.capacity ?? SESSION_CACHE_CAPACITY);
  const ttlMs = Math.min(options.ttlMs ?? SESSION_CACHE_TTL_MS, SESSION_CACHE_TTL_MS);
  const entries = new Map<string, { value: V; untilMs: number; setAtMs: number }>();
  return {
    get(key, nowMs) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      // A clock that went backwards must not stretch an entry's life either.
      if (nowMs >= entry.untilMs || nowMs < entry.setAtMs) {
        entries.delete(key);
        return undefined;
      }
      entries.delete(key);
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value, nowMs, untilMs) {
      const until = Math.min(nowMs + ttlMs, untilMs ?? Number.POSITIVE_INFINITY);
      if (until <= nowMs) return;
      entries.delete(key);
      entries.set(key, { value, untilMs: until, setAtMs: nowMs });
      while (entries.size > capacity) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
