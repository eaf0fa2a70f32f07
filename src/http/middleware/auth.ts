/**
 * Authentication gate (design §3). Invariants: with auth on, every path outside
 * PUBLIC_PATHS needs exactly one working credential — an `Authorization: Bearer` token
 * (never falling back to the cookie when one is sent), a verified reverse-proxy assertion,
 * or a sealed session cookie of the current epoch; anything else is a 401 that never echoes
 * the credential (a refused bearer token is told apart from a missing credential). Auth off (loopback, or the explicit network opt-out) makes
 * everyone the anonymous operator and never sets a cookie. Authenticated /api and /ws
 * requests are rate-limited per credential (R-DOS-3); auth-off requests are not.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getPath } from 'hono/utils/url';
import type { Config } from '../../config/schema.js';
import { findRelayHeader, resolveProxyUser } from '../../security/proxy-trust.js';
import type { Clock, Logger } from '../../system/ports.js';
import type { AuthServices } from '../auth-services.js';
import { HttpError } from '../errors.js';
import type { Identity } from '../request-vars.js';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from '../session-cookie.js';
import { getHeader, getHeaderValues, getPeerAddress } from './peer.js';

/** Paths served without credentials: the SPA shell, its assets, login and health. */
export const PUBLIC_PATHS: readonly string[] = [
  '/',
  '/index.html',
  '/login',
  '/healthz',
  '/api/session',
  '/favicon.ico',
];
export const PUBLIC_PREFIXES: readonly string[] = ['/assets/'];
/** Paths a `metrics`-scope token may use (and nothing else). */
export const METRICS_PATHS: readonly string[] = ['/metrics'];

/**
 * The path as the browser requested it, for the proxy HMAC. The proxy strips root_path before
 * forwarding (the app routes from `/` and never strips it: docs/reverse-proxy.md §3), so the
 * path it received is always below root_path and root_path is always put back in front —
 * also when the received path happens to start with the same segment (root_path `/api`).
 */
export function publicPath(path: string, rootPath: string): string {
  return `${rootPath}${path}`;
}

/** True when `path` (the path the app routes by) needs no credentials. */
export function isPublicPath(path: string): boolean {
  return PUBLIC_PATHS.includes(path) || PUBLIC_PREFIXES.some((prefix) => path.startsWith(prefix));
}

/** The key that groups one client's sockets and request budget. */
export function identityKey(identity: Identity, clientAddress: string | null): string {
  switch (identity.kind) {
    case 'session':
      return `session:${identity.sid}`;
    case 'token':
      return `token:${identity.tokenId}`;
    case 'proxy':
      return `proxy:${identity.user}`;
    default:
      return `anonymous:${clientAddress ?? 'unknown'}`;
  }
}

/** The 429 `throttled` error with Retry-After and `retry_after_seconds`. */
export function buildThrottledError(
  retryAfterSeconds: number,
  message = 'too many requests',
): HttpError {
  return new HttpError('throttled', message, {
    headers: { 'Retry-After': String(retryAfterSeconds) },
    extra: { retry_after_seconds: retryAfterSeconds },
  });
}

type Resolution = { identity: Identity | null; refused: string | null };

const BEARER_THROTTLED =
  'too many bearer tokens not accepted from this client address; a valid token still passes (issue one with `clauster api-token issue <label>`)';
// A token was sent and refused: "pass a token" would be the wrong advice. Which of unknown or
// revoked is not said.
const BEARER_REFUSED =
  'bearer token not accepted (unknown or revoked); issue one with `clauster api-token issue <label>`';

async function resolveBearer(
  c: Context,
  services: AuthServices,
  header: string,
): Promise<Resolution> {
  const match = /^bearer\s+(\S+)\s*$/i.exec(header);
  const token = match?.[1] ? await services.tokens.verify(match[1]) : null;
  // Verified first (one SHA-256): a 256-bit token cannot be guessed, so a lock-out would only
  // let anyone sharing the client's address (every client, behind an untrusted proxy) shut
  // valid token clients out. Only failed checks are throttled and counted.
  if (token === null) {
    const key = `bearer:${c.get('clientAddress') ?? 'unknown'}`;
    const decision = services.bearerThrottle.check(key);
    if (!decision.allowed) throw buildThrottledError(decision.retryAfterSeconds, BEARER_THROTTLED);
    services.bearerThrottle.recordFailure(key);
    return { identity: null, refused: 'bad-token' };
  }
  return {
    identity: { kind: 'token', user: token.label, tokenId: token.id, scopes: token.scopes },
    refused: null,
  };
}

async function resolveCookie(
  c: Context,
  config: Config,
  services: AuthServices,
): Promise<Resolution> {
  const seal = readSessionCookie(c, config, services);
  if (seal === undefined || services.sessions === null) return { identity: null, refused: null };
  const opened = await services.sessions.open(seal, services.epoch.current());
  if (!opened.ok) {
    clearSessionCookie(c, config, services);
    return { identity: null, refused: `session-${opened.code}` };
  }
  const payload = opened.value;
  const renewed = await services.sessions.renew(payload);
  if (renewed) {
    const maxAgeSeconds = services.sessions.remainingSeconds(renewed.payload);
    writeSessionCookie(c, config, services, { seal: renewed.seal, maxAgeSeconds });
  }
  // The payload as opened: `iat` is the login itself, whatever renewals slid since.
  const issuedAtMs = payload.iat * 1000;
  const expiresAtMs = issuedAtMs + config.auth.session_max_age_seconds * 1000;
  const { u: user, sid, e: epoch } = payload;
  return {
    identity: { kind: 'session', user, sid, epoch, issuedAtMs, expiresAtMs },
    refused: null,
  };
}

interface GateOptions {
  config: Config;
  clock: Clock;
  logger: Logger;
}

async function resolveIdentity(
  c: Context,
  o: GateOptions,
  services: AuthServices,
): Promise<Resolution> {
  const authorization = getHeader(c, 'authorization');
  if (authorization !== undefined) {
    if (/^bearer\s/i.test(authorization)) return resolveBearer(c, services, authorization);
    return { identity: null, refused: 'unsupported-scheme' };
  }
  if (services.proxy) {
    const asserted = resolveProxyUser(
      {
        peer: getPeerAddress(c),
        method: c.req.method,
        path: publicPath(new URL(c.req.url).pathname, o.config.root_path),
        headerValues: (name) => getHeaderValues(c, name),
      },
      services.proxy,
      { clock: o.clock, replay: services.replay },
    );
    if (!asserted.ok) return { identity: null, refused: `proxy-${asserted.code}` };
    if (asserted.value)
      return { identity: { kind: 'proxy', user: asserted.value.user }, refused: null };
  }
  return resolveCookie(c, o.config, services);
}

// Auth off: a request a proxy relayed would reach an open dashboard from the network.
function refuseRelayed(c: Context): void {
  const header = findRelayHeader((name) => getHeader(c, name));
  if (header === null) return;
  throw new HttpError(
    'relayed-without-auth',
    `auth.enabled is false, so only direct loopback clients are served, and this request came through a proxy (it carries ${header}); set auth.enabled: true with a credential (docs/reverse-proxy.md)`,
  );
}

function isApiOrSocket(path: string): boolean {
  return path.startsWith('/api/') || path.startsWith('/ws/');
}

/** Middleware factory: sets `identity`; 401 outside public paths without a credential. */
export function authenticate(
  getServices: () => Promise<AuthServices>,
  options: GateOptions,
): MiddlewareHandler {
  return async function checkAuth(c, next) {
    const services = await getServices();
    // The path the router matches (an /api/v1 alias already as its /api twin): every check
    // classifies that one, never a root_path-stripped copy of it.
    const path = c.req.path;
    if (!services.enforced && !options.config.auth.allow_unauthenticated_network) {
      refuseRelayed(c);
    }
    const resolution: Resolution = services.enforced
      ? await resolveIdentity(c, options, services)
      : { identity: { kind: 'anonymous', user: null }, refused: null };
    const { identity, refused } = resolution;
    if (refused !== null) {
      // The reason and route only: never the header, cookie or token itself. The path as
      // requested (getPath ignores the app's alias rewrite), so /api/v1 traffic shows as such.
      options.logger.info('credential refused', {
        reason: refused,
        method: c.req.method,
        path: getPath(c.req.raw),
        client: c.get('clientAddress'),
      });
    }
    c.set('identity', identity);
    if (identity === null) {
      if (isPublicPath(path)) return next();
      const message = refused === 'bad-token' ? BEARER_REFUSED : 'authentication required';
      throw new HttpError('unauthenticated', message);
    }
    if (
      identity.kind === 'token' &&
      !identity.scopes.includes('api') &&
      !METRICS_PATHS.includes(path)
    ) {
      throw new HttpError('forbidden', 'this token may only read metrics');
    }
    // Per credential (R-DOS-3: "per session"); auth-off mode has no sessions to budget.
    if (identity.kind !== 'anonymous' && isApiOrSocket(path)) {
      const budget = services.requestRate.take(identityKey(identity, c.get('clientAddress')));
      if (!budget.allowed) throw buildThrottledError(budget.retryAfterSeconds);
    }
    await next();
  };
}
