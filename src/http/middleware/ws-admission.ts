/**
 * WebSocket admission (security.md R-WS-1/2): runs on /ws/* handshakes after the host,
 * origin and auth gates, i.e. still before any 101. Invariant: a handshake is upgraded only
 * with a reserved registry slot (≤ 16 per identity, ≤ 64 total; 429 otherwise; 503 once the
 * server is shutting down, an expected HttpError, so never an error-level log line), and a
 * slot whose handshake was not upgraded is released at once.
 */
import type { MiddlewareHandler } from 'hono';
import type { AuthServices } from '../auth-services.js';
import { HttpError } from '../errors.js';
import { identityKey } from './auth.js';
import { isUpgradeRequest } from './origin-gate.js';

/** Middleware factory: reserves a socket slot and exposes it as `c.get('wsTicket')`. */
export function wsAdmission(getServices: () => Promise<AuthServices>): MiddlewareHandler {
  return async function admitWebSocket(c, next) {
    if (!isUpgradeRequest(c)) return next();
    const identity = c.get('identity');
    // The auth gate already refused anonymous callers when auth is on; this is a backstop.
    if (!identity) throw new HttpError('unauthenticated', 'authentication required');
    const services = await getServices();
    const reserved = services.wsRegistry.reserve({
      key: identityKey(identity, c.get('clientAddress')),
      epoch: identity.kind === 'session' ? identity.epoch : null,
      ...(identity.kind === 'session' ? { expiresAtMs: identity.expiresAtMs } : {}),
      // Re-checked while open, so a revoked token loses its sockets too (not only requests).
      ...(identity.kind === 'token' ? { tokenId: identity.tokenId } : {}),
    });
    if (!reserved.ok && reserved.code === 'shutting-down') {
      // No quota matter and no fault: the client retries once the dashboard is back.
      throw new HttpError('unavailable', reserved.detail, {
        headers: { 'Retry-After': '1' },
        expected: true,
      });
    }
    if (!reserved.ok) throw new HttpError('too-many-sockets', reserved.detail);
    c.set('wsTicket', reserved.value);
    try {
      await next();
    } finally {
      // The upgrade helper answers 200 and upgrades afterwards; anything else never will.
      if (c.res.status !== 200) reserved.value.release();
    }
  };
}
