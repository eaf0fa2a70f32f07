/**
 * Open connections per client address (docs/security.md, Resource limits; beside R-DOS-1's
 * global cap). Invariants: a peer (the socket address, IPv4-mapped IPv6 unwrapped, never a
 * header) holds at most `maxPerPeer` open connections, so one LAN client cannot fill the
 * listener's global cap and lock everyone out; a connection beyond it is refused. Exempt peers
 * are never counted: loopback (a proxy on the same host carries every user from a loopback
 * address, and a local process can pick any of 127.0.0.0/8 anyway) and
 * `auth.reverse_proxy.trusted_ips` (a proxy carries everyone). An address that does not parse
 * counts under one shared key (fail closed). Warnings: at most one per refused peer, and one
 * for the global cap, per `warnIntervalMs`.
 */
import ipaddr from 'ipaddr.js';
import type { Clock } from '../system/ports.js';
import { createLogThrottle } from './log-throttle.js';
import { isTrustedPeer, normalizePeerAddress, type TrustedPeers } from './proxy-trust.js';

/** Open connections one client address may hold at once. */
export const MAX_CONNECTIONS_PER_PEER = 32;
/** At most one warning per refused peer per this many milliseconds (one minute). */
export const CAP_WARNING_INTERVAL_MS = 60_000;

// The key of every address that does not parse; such peers share one cap.
const UNKNOWN_PEER = 'unknown';
// Refused peers remembered for their warning interval (log-throttle.ts: beyond that many
// within one interval, further peers are not logged).
const WARNED_MAX_PEERS = 1_024;

export type CapAdmission =
  | { admitted: true; key: string | null }
  | { admitted: false; peer: string; open: number; warn: boolean };

export interface PeerConnectionCap {
  /** Counts a new connection from raw socket address `address`, or refuses it past the cap. */
  admit(address: string | undefined): CapAdmission;
  /** Forgets one admitted connection: pass the `key` that admit() returned. */
  release(key: string | null): void;
  /** Connections counted for `address` now (0 for an exempt peer). */
  openFor(address: string | undefined): number;
  /** Whether a connection dropped at the global cap should be logged (once per interval). */
  warnGlobalCap(): boolean;
}

/** True for a loopback peer or one inside `trusted` (trusted_ips): never capped. */
export function isCapExemptPeer(peer: string | null, trusted: TrustedPeers): boolean {
  if (peer === null) return false;
  try {
    if (ipaddr.process(peer).range() === 'loopback') return true;
  } catch {
    return false;
  }
  return isTrustedPeer(peer, trusted);
}

/** Creates the per-peer counter; `isExempt` receives the normalised peer (or null). */
export function createPeerConnectionCap(
  options: {
    isExempt: (peer: string | null) => boolean;
    maxPerPeer?: number;
    warnIntervalMs?: number;
  },
  deps: { clock: Clock },
): PeerConnectionCap {
  const max = options.maxPerPeer ?? MAX_CONNECTIONS_PER_PEER;
  const interval = options.warnIntervalMs ?? CAP_WARNING_INTERVAL_MS;
  const open = new Map<string, number>();
  const peerWarnings = createLogThrottle(
    { intervalMs: interval, maxKeys: WARNED_MAX_PEERS, maxKeyLength: 64 },
    deps,
  );
  const globalWarnings = createLogThrottle({ intervalMs: interval, maxKeys: 1 }, deps);

  function keyOf(address: string | undefined): string | null {
    const peer = normalizePeerAddress(address);
    if (options.isExempt(peer)) return null;
    return peer ?? UNKNOWN_PEER;
  }

  return {
    admit(address) {
      const key = keyOf(address);
      if (key === null) return { admitted: true, key };
      const count = open.get(key) ?? 0;
      if (count >= max)
        return { admitted: false, peer: key, open: count, warn: peerWarnings.take(key) };
      open.set(key, count + 1);
      return { admitted: true, key };
    },
    release(key) {
      if (key === null) return;
      const count = open.get(key) ?? 0;
      if (count <= 1) open.delete(key);
      else open.set(key, count - 1);
    },
    openFor(address) {
      const key = keyOf(address);
      return key === null ? 0 : (open.get(key) ?? 0);
    },
    warnGlobalCap: () => globalWarnings.take('global'),
  };
}
