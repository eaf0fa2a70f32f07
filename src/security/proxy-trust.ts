/**
 * Reverse-proxy trust (security.md §9 R-PROXY-1..3, R-LAN-4, ASVS 5.0 15.3.4).
 * Invariants: the peer is the socket address (IPv4-mapped IPv6 unwrapped), never a header;
 * forwarded headers (user, HMAC, X-Forwarded-Proto/-For) are ignored unless that peer is
 * inside `trusted_ips`; an asserted user is accepted only with exactly one user header and
 * (unless forward-auth mode `require_hmac: false`) exactly one HMAC header
 * `t=<unix>[,n=<nonce>],v1=<hex>` whose HMAC-SHA256 over `user:t:METHOD:path[:nonce]`
 * verifies in constant time, whose `t` is within ±window of our clock, and whose MAC was
 * never accepted before (replay cache kept for the window).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { fail, ok, type Result } from '../result.js';
import type { Clock } from '../system/ports.js';
import { describeTrustEverything, findTrustEverything, readAsPeerRange } from './cidr-coverage.js';

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];
export interface TrustedPeers {
  cidrs: readonly Cidr[];
}

const SIGNATURE_RE = /^t=(\d{1,12}),(?:n=([A-Za-z0-9_-]{8,128}),)?v1=([0-9a-f]{64})$/;
const USER_RE = /^[\x21-\x2b\x2d-\x7e][\x20-\x2b\x2d-\x7e]{0,254}$/;
const REPLAY_CACHE_MAX = 100_000;
const TRUSTED_KEY = 'auth.reverse_proxy.trusted_ips';

/** Parses `trusted_ips` (IPs or CIDRs); refuses catch-all ranges and non-canonical input. */
export function parseTrustedPeers(
  list: readonly string[],
): Result<TrustedPeers, 'invalid-trusted-ip'> {
  const cidrs: Cidr[] = [];
  for (const [index, raw] of list.entries()) {
    const entry = raw.includes('/') ? raw : `${raw}/${raw.includes(':') ? 128 : 32}`;
    const head = entry.split('/')[0] ?? '';
    const strictV4 = head.includes(':') || ipaddr.IPv4.isValidFourPartDecimal(head);
    if (!ipaddr.isValidCIDR(entry) || !strictV4) {
      return fail(
        'invalid-trusted-ip',
        `${TRUSTED_KEY}[${index}]: expected an IP or CIDR, received ${JSON.stringify(raw)}`,
      );
    }
    const [address, bits] = readAsPeerRange(ipaddr.parseCIDR(entry));
    cidrs.push([address, bits]);
  }
  const wide = findTrustEverything(cidrs);
  if (wide !== null) {
    const key = wide.kind === 'entry' ? `${TRUSTED_KEY}[${wide.index}]` : TRUSTED_KEY;
    return fail('invalid-trusted-ip', `${key}: ${describeTrustEverything(wide, list)}`);
  }
  return ok({ cidrs });
}

/** Normalises a socket address (`::ffff:10.0.0.1` → `10.0.0.1`); null when unparsable. */
export function normalizePeerAddress(address: string | undefined | null): string | null {
  if (!address) return null;
  try {
    return ipaddr.process(address).toString();
  } catch {
    return null;
  }
}

/** True when the (normalised) peer address lies inside one of the trusted ranges. */
export function isTrustedPeer(peer: string | null, trusted: TrustedPeers): boolean {
  if (peer === null || trusted.cidrs.length === 0) return false;
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    address = ipaddr.process(peer);
  } catch {
    return false;
  }
  // match() throws on a kind mismatch, so compare kinds first.
  return trusted.cidrs.some(
    ([range, bits]) => range.kind() === address.kind() && address.match([range, bits] as Cidr),
  );
}

export interface ReplayCache {
  /** Records `mac` until `expiresAtMs`; false when it was already recorded (a replay). */
  remember(mac: string, expiresAtMs: number): boolean;
}

/** An in-memory replay cache measured with the injected clock. */
export function createReplayCache(deps: { clock: Clock }): ReplayCache {
  const seen = new Map<string, number>();
  return {
    remember(mac, expiresAtMs) {
      const now = deps.clock.now();
      if (seen.size >= REPLAY_CACHE_MAX) {
        for (const [key, expiry] of seen) if (expiry <= now) seen.delete(key);
      }
      const expiry = seen.get(mac);
      if (expiry !== undefined && expiry > now) return false;
      // Full of live entries: refuse rather than forget (fail closed).
      if (seen.size >= REPLAY_CACHE_MAX) return false;
      seen.set(mac, expiresAtMs);
      return true;
    },
  };
}

export interface ProxyAuthOptions {
  trusted: TrustedPeers;
  userHeader: string;
  secretHeader: string;
  secret: string | null;
  windowSeconds: number;
  requireHmac: boolean;
}

export interface ProxyRequest {
  peer: string | null;
  method: string;
  /** The request path as received (no query string). */
  path: string;
  /** Every value of a header, one entry per occurrence on the wire. */
  headerValues(name: string): string[];
}

export type ProxyRefusal =
  | 'duplicate-header'
  | 'invalid-user'
  | 'missing-signature'
  | 'bad-signature'
  | 'stale-signature'
  | 'replayed-signature';

/** Computes the hex HMAC a proxy must send (exported for tests, docs and sidecars). */
export function signProxyRequest(
  secret: string,
  fields: { user: string; timestamp: number; method: string; path: string; nonce?: string },
): string {
  const base = `${fields.user}:${fields.timestamp}:${fields.method.toUpperCase()}:${fields.path}`;
  const message = fields.nonce === undefined ? base : `${base}:${fields.nonce}`;
  return createHmac('sha256', secret).update(message, 'utf8').digest('hex');
}

function single(values: string[]): string | null | 'duplicate' {
  if (values.length === 0) return null;
  // One occurrence that the Fetch layer joined from several ("a, b") is a duplicate too.
  if (values.length > 1) return 'duplicate';
  return values[0] as string;
}

/**
 * The user a trusted proxy asserts: ok(null) when the peer is untrusted or asserts nobody
 * (fall back to other credentials), ok({user}) when verified, or a refusal (→ 401).
 */
export function resolveProxyUser(
  request: ProxyRequest,
  options: ProxyAuthOptions,
  deps: { clock: Clock; replay: ReplayCache },
): Result<{ user: string } | null, ProxyRefusal> {
  if (!isTrustedPeer(request.peer, options.trusted)) return ok(null);
  const user = single(request.headerValues(options.userHeader));
  if (user === null) return ok(null);
  if (user === 'duplicate' || user.includes(','))
    return fail('duplicate-header', `${options.userHeader}: sent more than once`);
  if (!USER_RE.test(user))
    return fail('invalid-user', `${options.userHeader}: expected 1-255 printable characters`);
  if (!options.requireHmac) return ok({ user });
  const signature = single(request.headerValues(options.secretHeader));
  if (signature === null || options.secret === null)
    return fail(
      'missing-signature',
      `${options.secretHeader}: expected a signature, received none`,
    );
  if (signature === 'duplicate')
    return fail('duplicate-header', `${options.secretHeader}: sent more than once`);
  const match = SIGNATURE_RE.exec(signature);
  if (!match)
    return fail('bad-signature', `${options.secretHeader}: expected t=<unix>[,n=<nonce>],v1=<hex>`);
  const timestamp = Number(match[1]);
  const nonce = match[2];
  const mac = match[3] as string;
  const now = deps.clock.now();
  if (Math.abs(now / 1000 - timestamp) > options.windowSeconds) {
    return fail(
      'stale-signature',
      `${options.secretHeader}: timestamp outside ±${options.windowSeconds} s`,
    );
  }
  const expected = signProxyRequest(options.secret, {
    user,
    timestamp,
    method: request.method,
    path: request.path,
    ...(nonce === undefined ? {} : { nonce }),
  });
  if (!timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(mac, 'hex'))) {
    return fail('bad-signature', `${options.secretHeader}: signature does not verify`);
  }
  if (!deps.replay.remember(mac, (timestamp + options.windowSeconds + 1) * 1000)) {
    return fail('replayed-signature', `${options.secretHeader}: signature was already used`);
  }
  return ok({ user });
}

/** `https`/`http` from X-Forwarded-Proto of a trusted peer, else null (never trusted otherwise). */
export function resolveForwardedProto(
  peer: string | null,
  values: string[],
  trusted: TrustedPeers,
): 'https' | 'http' | null {
  if (!isTrustedPeer(peer, trusted) || values.length !== 1) return null;
  const proto = values[0]?.trim().toLowerCase();
  return proto === 'https' || proto === 'http' ? proto : null;
}

/** The client address: X-Forwarded-For walked right to left past trusted hops, else the peer. */
export function resolveClientAddress(
  peer: string | null,
  forwardedFor: string[],
  trusted: TrustedPeers,
): string | null {
  if (!isTrustedPeer(peer, trusted)) return peer;
  const hops = forwardedFor
    .flatMap((v) => v.split(','))
    .map((h) => h.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = normalizePeerAddress(hops[i]);
    if (hop === null) return peer;
    if (!isTrustedPeer(hop, trusted)) return hop;
  }
  return peer;
}

/** Headers a reverse proxy adds when it relays a request (any one of them is a sign). */
const RELAY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'via'];

/**
 * The first relay header a request carries, or null. With auth off the dashboard serves
 * direct loopback clients only: a proxy on the same host would relay the whole network to it.
 */
export function findRelayHeader(get: (name: string) => string | undefined): string | null {
  return RELAY_HEADERS.find((name) => get(name) !== undefined) ?? null;
}
