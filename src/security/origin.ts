/**
 * Origin, Fetch-Metadata and Host checks (security.md R-CSRF-1, R-COOKIE-3, R-WS-1, R-LAN-2).
 * Invariants: every POST/PUT/PATCH/DELETE and every WebSocket handshake needs an `Origin`
 * that equals one allowlisted origin exactly (scheme, host, port after normalisation), and
 * a present `Sec-Fetch-Site` must be `same-origin`. `Origin: null` is always refused; a
 * missing Origin is refused on a handshake or when the request carries a browser credential:
 * our session cookie, or a reverse-proxy user assertion (the proxy's SSO cookie rides along
 * just as automatically). A browser always sends Origin; only a non-browser client may
 * omit it. Bearer requests are exempt: a browser cannot attach that header cross-site
 * without a CORS preflight, which this server never grants, nor to a WebSocket handshake at
 * all. The Host header must name a loopback or IP literal, or the host of an allowlisted
 * origin (DNS-rebinding defence).
 */
import { fail, ok, type Result } from '../result.js';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };
const ORIGIN_SHAPE_RE = /^https?:\/\/[^/?#@\s\\]+$/i;

/**
 * Normalises an origin string to `scheme://host[:port]` (lower case, default port dropped),
 * or null when it is not exactly an http(s) origin (paths, trailing slash, userinfo, query,
 * `null`, other schemes are all refused, never repaired).
 */
export function normalizeOrigin(value: string): string | null {
  if (!ORIGIN_SHAPE_RE.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return null;
  const port = url.port && url.port !== DEFAULT_PORTS[url.protocol] ? `:${url.port}` : '';
  return `${url.protocol}//${url.hostname.toLowerCase()}${port}`;
}

export interface OriginPolicy {
  /** Normalised allowlisted origins. */
  origins: ReadonlySet<string>;
  /** Lower-case `host[:port]` values the Host header may carry besides loopback/IP literals. */
  hosts: ReadonlySet<string>;
}

/** Builds the allowlist from `auth.allowed_origins` (refusing any entry that is not exact). */
export function buildOriginPolicy(options: {
  allowedOrigins: readonly string[];
}): Result<OriginPolicy, 'invalid-origin'> {
  const origins = new Set<string>();
  for (const [index, raw] of options.allowedOrigins.entries()) {
    const normalised = normalizeOrigin(raw);
    if (normalised === null) {
      return fail(
        'invalid-origin',
        `auth.allowed_origins[${index}]: expected scheme://host[:port] with no path, received ${JSON.stringify(raw)}`,
      );
    }
    origins.add(normalised);
  }
  return ok(withHosts(origins));
}

function withHosts(origins: Set<string>): OriginPolicy {
  const hosts = new Set<string>();
  for (const origin of origins) {
    const url = new URL(origin);
    hosts.add(url.host);
    // A proxy may forward the Host with the default port spelled out.
    if (url.port === '') hosts.add(`${url.host}:${DEFAULT_PORTS[url.protocol]}`);
  }
  return { origins, hosts };
}

/**
 * Adds the loopback origins of a loopback bind: 127.0.0.1, localhost and [::1], each with
 * the port actually listened on, in the one scheme served (https only with native TLS).
 */
export function addLoopbackOrigins(
  policy: OriginPolicy,
  port: number,
  options: { scheme?: 'http' | 'https' } = {},
): OriginPolicy {
  const origins = new Set(policy.origins);
  const scheme = options.scheme ?? 'http';
  for (const host of ['127.0.0.1', 'localhost', '[::1]']) {
    origins.add(normalizeOrigin(`${scheme}://${host}:${port}`) as string);
  }
  return withHosts(origins);
}

export interface OriginRequest {
  method: string;
  /** The raw Origin header, or null when absent. */
  origin: string | null;
  /** The raw Sec-Fetch-Site header, or null when absent. */
  secFetchSite: string | null;
  /** True for a WebSocket upgrade handshake. */
  isUpgrade: boolean;
  /** True when the request carries this instance's session cookie. */
  hasCookieAuth: boolean;
  /** True when a trusted proxy peer asserts a user (the configured user header is present). */
  hasProxyIdentity: boolean;
  /** True when the request carries `Authorization: Bearer …`. */
  isBearer: boolean;
}

export type OriginRefusal = 'origin-null' | 'origin-missing' | 'origin-not-allowed' | 'cross-site';

/** True when the origin policy applies: an unsafe method or a WebSocket handshake. */
export function isOriginChecked(method: string, isUpgrade: boolean): boolean {
  return isUpgrade || UNSAFE_METHODS.has(method.toUpperCase());
}

/** Decides whether a request passes the origin gate (safe non-upgrade requests always do). */
export function checkRequestOrigin(
  request: OriginRequest,
  policy: OriginPolicy,
): Result<'allowed' | 'not-applicable', OriginRefusal> {
  if (!isOriginChecked(request.method, request.isUpgrade)) return ok('not-applicable');
  if (request.isBearer) return ok('not-applicable');
  // Fetch Metadata is the primary signal when present: only same-origin may change state.
  const site = request.secFetchSite?.toLowerCase() ?? null;
  if (site !== null && site !== 'same-origin') {
    return fail('cross-site', `Sec-Fetch-Site: expected same-origin, received ${site}`);
  }
  if (request.origin === null) {
    // No Origin: a browser always sends one on these requests, so only a non-browser
    // client without a browser credential (cookie, proxy login) may omit it; a handshake
    // never may (CSWSH).
    if (request.isUpgrade || request.hasCookieAuth || request.hasProxyIdentity) {
      return fail('origin-missing', 'Origin: expected an allowlisted origin, received none');
    }
    return ok('allowed');
  }
  if (request.origin.trim().toLowerCase() === 'null') {
    return fail('origin-null', 'Origin: expected an allowlisted origin, received null');
  }
  const normalised = normalizeOrigin(request.origin);
  if (normalised === null || !policy.origins.has(normalised)) {
    return fail('origin-not-allowed', 'Origin: not in auth.allowed_origins');
  }
  return ok('allowed');
}

/** True for an IPv4 dotted quad or a bracketed IPv6 literal (never a DNS name). */
function isIpLiteralHost(hostname: string): boolean {
  if (/^\[[0-9a-f:.]+\]$/i.test(hostname)) return true;
  return /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(
    hostname,
  );
}

/** Checks the Host header against loopback/IP literals and the allowlisted origins' hosts. */
export function checkRequestHost(
  host: string | null,
  policy: OriginPolicy,
): Result<true, 'bad-host'> {
  if (host === null || host === '')
    return fail('bad-host', 'Host: expected a header, received none');
  const lower = host.toLowerCase();
  if (policy.hosts.has(lower)) return ok(true);
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec(lower);
  const hostname = match?.[1] ?? '';
  // A rebinding attack needs a DNS name the attacker controls; IP literals and localhost
  // cannot be rebound, so they are accepted on any port.
  if (hostname === 'localhost' || isIpLiteralHost(hostname)) return ok(true);
  return fail('bad-host', 'Host: not an IP literal, localhost, or an allowlisted origin host');
}
