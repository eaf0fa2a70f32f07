/**
 * WebSocket registry (security.md R-WS-2/3). Invariants: at most 16 sockets per owner and
 * 64 in total, counted from the moment a handshake is admitted (before 101) so parallel
 * handshakes cannot overshoot; sockets of a cookie session are closed with 4401 when the
 * session epoch moves past theirs (logout) or their session lifetime ends, sockets of a bearer
 * token are closed with 4401 once the token check (every 2 s while one is open) no longer
 * accepts it — a check that throws counts as revoked (fail closed) — and all of them are
 * terminated 2 s later if the peer ignores the close frame. After closeAll() (shutdown) nothing
 * is admitted any more, and a socket whose handshake was admitted before it gets closeAll()'s
 * code when it opens — never 4401, which the web UI reads as a logout.
 *
 * How WS route modules use it (ws/logs.ts, ws/events.ts). The `wsAdmission` middleware
 * runs on every `/ws/*` handshake after auth and origin checks, reserves a slot and stores
 * the ticket as `c.get('wsTicket')`; a refused handshake never reaches your handler.
 *
 *   routes.get('/ws/events', upgradeWebSocket((c) => {
 *     const ticket = c.get('wsTicket');
 *     return {
 *       onOpen: (_event, ws) => ticket.attach(ws),   // counts it, makes it revocable
 *       onClose: () => ticket.release(),             // always; idempotent
 *       onMessage: …,
 *     };
 *   }));
 *
 * A ticket that is never attached is released automatically after 10 s.
 */
import { fail, ok, type Result } from '../result.js';

export const MAX_SOCKETS_PER_OWNER = 16;
export const MAX_SOCKETS_TOTAL = 64;
/** Close code sent when the session behind a socket was revoked or expired. */
export const CLOSE_SESSION_REVOKED = 4401;
/** Close code sent to every socket when the dashboard restarts (RFC 6455 "service restart"). */
export const CLOSE_SERVICE_RESTART = 1012;
const UNATTACHED_TIMEOUT_MS = 10_000;
const TERMINATE_AFTER_MS = 2_000;
const EXPIRY_SWEEP_MS = 30_000;
/** How often the tokens behind open sockets are re-checked (a revoke closes them within it). */
export const TOKEN_CHECK_MS = 2_000;

/** What the registry needs from a socket: hono's WSContext satisfies it. */
export interface ClosableSocket {
  close(code?: number, reason?: string): void;
  readonly readyState?: number;
  /** The underlying `ws` socket, if any (used to terminate an unresponsive peer). */
  readonly raw?: unknown;
}

export interface WsOwner {
  /** `session:<sid>`, `token:<id>`, `proxy:<user>` or `anonymous:<ip>`. */
  key: string;
  /** The session epoch for cookie sessions; null for other credentials. */
  epoch: number | null;
  /** Absolute end of the credential's lifetime (ms), if it has one. */
  expiresAtMs?: number;
  /** The bearer token behind the socket, re-checked while it is open. */
  tokenId?: string;
}

export interface WsTicket {
  /** Registers the open socket under the reserved slot. */
  attach(socket: ClosableSocket): void;
  /** Frees the slot (call from onClose); safe to call more than once. */
  release(): void;
}

export type WsAdmissionRefusal = 'too-many-for-owner' | 'too-many-total' | 'shutting-down';

export interface WsRegistry {
  /** Reserves a slot for a handshake, or refuses it (→ 429 before 101). */
  reserve(owner: WsOwner): Result<WsTicket, WsAdmissionRefusal>;
  /** Closes every cookie-session socket whose epoch differs from `epoch`; returns the count. */
  revokeSessionsBefore(epoch: number): number;
  /** Re-checks the token of every token socket now; closes the refused ones; returns the count. */
  recheckTokens(): Promise<number>;
  /** Open or reserved slots in total and for one owner key. */
  count(key?: string): number;
  /** Closes everything and stops timers (server shutdown); later handshakes are refused. */
  closeAll(code?: number, reason?: string): void;
}

interface Entry {
  owner: WsOwner;
  socket: ClosableSocket | null;
  timer: NodeJS.Timeout | null;
  /** Why it was revoked before its socket opened (attach() closes with it). */
  revokedAs?: string;
}

function hasTerminate(raw: unknown): raw is { terminate(): void; readyState: number } {
  return (
    typeof raw === 'object' &&
    raw !== null &&
    typeof (raw as { terminate?: unknown }).terminate === 'function'
  );
}

function closeSocket(socket: ClosableSocket, code: number, reason: string): void {
  try {
    socket.close(code, reason);
  } catch {
    // already closing
  }
  const raw = socket.raw;
  if (hasTerminate(raw)) {
    setTimeout(() => {
      if (raw.readyState !== 3) raw.terminate();
    }, TERMINATE_AFTER_MS).unref();
  }
}

export interface WsRegistryOptions {
  maxPerOwner?: number;
  maxTotal?: number;
  now?: () => number;
  /** Whether a token still admits its sockets; without it token sockets are never re-checked. */
  checkToken?: (tokenId: string) => Promise<boolean>;
  /** Re-check interval (default TOKEN_CHECK_MS). */
  tokenCheckMs?: number;
}

/** Creates a registry with the given caps, a clock for lifetime checks and a token check. */
export function createWsRegistry(options: WsRegistryOptions = {}): WsRegistry {
  const maxPerOwner = options.maxPerOwner ?? MAX_SOCKETS_PER_OWNER;
  const maxTotal = options.maxTotal ?? MAX_SOCKETS_TOTAL;
  const now = options.now ?? (() => Date.now());
  const entries = new Set<Entry>();
  let sweeper: NodeJS.Timeout | null = null;
  let tokenSweeper: NodeJS.Timeout | null = null;
  let recheck: Promise<number> | null = null;
  // Set by closeAll(): the code and reason every later socket is closed with.
  let shutdown: { code: number; reason: string } | null = null;

  function remove(entry: Entry): void {
    if (entry.timer) clearTimeout(entry.timer);
    entries.delete(entry);
    if (entries.size === 0) {
      if (sweeper) clearInterval(sweeper);
      if (tokenSweeper) clearInterval(tokenSweeper);
      sweeper = null;
      tokenSweeper = null;
    }
  }

  function revokeWhere(match: (owner: WsOwner) => boolean, reason: string): number {
    let closed = 0;
    for (const entry of entries) {
      if (!match(entry.owner)) continue;
      if (entry.socket) closeSocket(entry.socket, CLOSE_SESSION_REVOKED, reason);
      entry.revokedAs = reason;
      remove(entry);
      closed += 1;
    }
    return closed;
  }

  async function checkTokens(check: (tokenId: string) => Promise<boolean>): Promise<number> {
    const ids = new Set<string>();
    for (const { owner } of entries) if (owner.tokenId !== undefined) ids.add(owner.tokenId);
    let closed = 0;
    for (const id of ids) {
      // A check that fails is a refusal: a socket must not outlive a token we cannot confirm.
      const valid = await check(id).catch(() => false);
      if (!valid) closed += revokeWhere((owner) => owner.tokenId === id, 'token revoked');
    }
    return closed;
  }

  function recheckTokens(): Promise<number> {
    const check = options.checkToken;
    if (!check) return Promise.resolve(0);
    // One re-check at a time; a tick that finds one running shares it.
    recheck ??= checkTokens(check).finally(() => {
      recheck = null;
    });
    return recheck;
  }

  function sweepExpired(): void {
    const t = now();
    for (const entry of entries) {
      const expiry = entry.owner.expiresAtMs;
      if (entry.socket && expiry !== undefined && expiry <= t) {
        closeSocket(entry.socket, CLOSE_SESSION_REVOKED, 'session expired');
        remove(entry);
      }
    }
  }

  function count(key?: string): number {
    if (key === undefined) return entries.size;
    let n = 0;
    for (const entry of entries) if (entry.owner.key === key) n += 1;
    return n;
  }

  return {
    reserve(owner) {
      if (shutdown !== null) return fail('shutting-down', 'the dashboard is shutting down');
      if (entries.size >= maxTotal)
        return fail('too-many-total', `at most ${maxTotal} WebSockets in total`);
      if (count(owner.key) >= maxPerOwner) {
        return fail('too-many-for-owner', `at most ${maxPerOwner} WebSockets per session`);
      }
      const entry: Entry = { owner, socket: null, timer: null };
      entry.timer = setTimeout(() => remove(entry), UNATTACHED_TIMEOUT_MS);
      entry.timer.unref();
      entries.add(entry);
      return ok({
        attach(socket) {
          if (shutdown !== null) {
            // The server closed between the handshake and open: say so, not "revoked".
            closeSocket(socket, shutdown.code, shutdown.reason);
            return;
          }
          if (!entries.has(entry)) {
            // Released or revoked between the handshake and open: do not keep it.
            closeSocket(socket, CLOSE_SESSION_REVOKED, entry.revokedAs ?? 'session revoked');
            return;
          }
          if (entry.timer) clearTimeout(entry.timer);
          entry.timer = null;
          entry.socket = socket;
          if (owner.expiresAtMs !== undefined && sweeper === null) {
            sweeper = setInterval(sweepExpired, EXPIRY_SWEEP_MS);
            sweeper.unref();
          }
          if (owner.tokenId !== undefined && options.checkToken && tokenSweeper === null) {
            tokenSweeper = setInterval(() => {
              void recheckTokens();
            }, options.tokenCheckMs ?? TOKEN_CHECK_MS);
            tokenSweeper.unref();
          }
        },
        release: () => remove(entry),
      });
    },
    revokeSessionsBefore(epoch) {
      const older = (owner: WsOwner) => owner.epoch !== null && owner.epoch !== epoch;
      return revokeWhere(older, 'session revoked');
    },
    recheckTokens,
    count,
    closeAll(code = 1001, reason = 'server shutting down') {
      shutdown ??= { code, reason };
      for (const entry of entries) {
        if (entry.socket) closeSocket(entry.socket, code, reason);
        remove(entry);
      }
    },
  };
}
