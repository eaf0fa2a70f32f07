/**
 * Origin gate (security.md R-CSRF-1, R-WS-1; design §3): every POST/PUT/PATCH/DELETE and
 * every WebSocket handshake, even with auth off. Invariant: the policy lives in
 * src/security/origin.ts; this adapter only reads headers and maps a refusal to 403.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import {
  addLoopbackOrigins,
  checkRequestOrigin,
  isOriginChecked,
  type OriginPolicy,
} from '../../security/origin.js';
import { isTrustedPeer } from '../../security/proxy-trust.js';
import type { AuthServices } from '../auth-services.js';
import { HttpError } from '../errors.js';
import { describeOriginRefusal } from './origin-refusal.js';
import { getHeader, getHeaderValues, getLocalPort, getPeerAddress } from './peer.js';

/** True for a WebSocket handshake (`Upgrade: websocket`). */
export function isUpgradeRequest(c: Context): boolean {
  return getHeader(c, 'upgrade')?.toLowerCase() === 'websocket';
}

/** True when the request carries `Authorization: Bearer …`. */
export function hasBearerHeader(c: Context): boolean {
  return /^bearer\s/i.test(getHeader(c, 'authorization') ?? '');
}

/** True when the request carries this instance's session cookie (either name). */
export function hasSessionCookie(c: Context, services: AuthServices): boolean {
  return (
    getCookie(c, services.cookieName(true)) !== undefined ||
    getCookie(c, services.cookieName(false)) !== undefined
  );
}

/**
 * True when a trusted proxy peer asserts a user: the configured user header is present. The
 * gate runs before the assertion is verified, so presence decides (a browser credential: the
 * proxy's SSO cookie rides along automatically); an untrusted peer's header counts for nothing.
 */
export function hasProxyIdentity(c: Context, services: AuthServices): boolean {
  const proxy = services.proxy;
  if (proxy === null || getHeaderValues(c, proxy.userHeader).length === 0) return false;
  return isTrustedPeer(getPeerAddress(c), proxy.trusted);
}

/** Middleware factory: 403 `bad-origin` for a request the origin policy refuses. */
export function originGate(
  getServices: () => Promise<AuthServices>,
  options: { configuredPort: number; https?: boolean },
): MiddlewareHandler {
  const byPort = new Map<number, OriginPolicy>();
  const scheme = options.https === true ? 'https' : 'http';
  return async function checkOrigin(c, next) {
    const isUpgrade = isUpgradeRequest(c);
    // Safe methods outside a handshake are not gated: skip reading the other headers.
    if (!isOriginChecked(c.req.method, isUpgrade)) return next();
    const services = await getServices();
    let policy = services.origins;
    if (services.loopbackBind) {
      const port = getLocalPort(c) ?? options.configuredPort;
      policy = byPort.get(port) ?? addLoopbackOrigins(services.origins, port, { scheme });
      if (byPort.size < 16) byPort.set(port, policy);
    }
    const request = {
      method: c.req.method,
      origin: getHeader(c, 'origin') ?? null,
      secFetchSite: getHeader(c, 'sec-fetch-site') ?? null,
      isUpgrade,
      hasCookieAuth: hasSessionCookie(c, services),
      hasProxyIdentity: hasProxyIdentity(c, services),
      isBearer: hasBearerHeader(c),
    };
    const verdict = checkRequestOrigin(request, policy);
    if (!verdict.ok) {
      // What was wrong and the fix; a header value only quoted and redacted (origin-refusal.ts).
      // The Host the caller sent (the WebSocket adapter rebuilds the URL on a fixed base), with
      // the scheme it used: https behind a trusted TLS proxy too (client-context.ts).
      const caller = c.get('secureRequest') === true ? 'https' : scheme;
      const requestOrigin = `${caller}://${getHeader(c, 'host') ?? new URL(c.req.url).host}`;
      const refused = { ...request, code: verdict.code, requestOrigin };
      throw new HttpError('bad-origin', describeOriginRefusal(refused, policy));
    }
    await next();
  };
}
