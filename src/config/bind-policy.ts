/**
 * Bind policy (design §2), shared by the config validator, `doctor` and the server.
 * Invariant: a host is loopback only if it is a strict dotted-quad inside 127.0.0.0/8, the
 * literal `::1`, or exactly `localhost` with every resolved address loopback (then those
 * addresses are bound, never the name). Anything else is network and needs enforced auth or
 * the explicit opt-out `auth.allow_unauthenticated_network: true`. A name is looked up (as
 * listen() would) only to say whether it resolves; what it resolves to never makes it loopback.
 */
import ipaddr from 'ipaddr.js';
import type { Lookup } from '../system/ports.js';
import { checkArgon2Hash } from './phc.js';

/** The part of `auth` that decides whether a network bind is protected. */
export interface AuthPosture {
  enabled: boolean;
  password_required: boolean;
  password_hash: string | null;
  api_token_hash: string | null;
  allow_unauthenticated_network: boolean;
  reverse_proxy: { enabled: boolean };
  /** API-scope tokens in state_dir/tokens.json (see auth-posture.ts); absent = none. */
  issued_api_tokens?: number;
}

/** Auth off with no credentials: for asking only whether a host is loopback. */
export const NO_AUTH_POSTURE: Readonly<AuthPosture> = Object.freeze({
  enabled: false,
  password_required: false,
  password_hash: null,
  api_token_hash: null,
  allow_unauthenticated_network: false,
  reverse_proxy: Object.freeze({ enabled: false }),
});

export type Credential = 'password' | 'token' | 'proxy';

export interface BindDecision {
  host: string;
  loopback: boolean;
  /** Addresses the server listens on (resolved for `localhost`, unbracketed otherwise). */
  addresses: string[];
  allowed: boolean;
  /** Working credential paths when auth is enabled. */
  credentials: Credential[];
  /** True when the bind is network, unauthenticated and allowed only by the opt-out. */
  optedOut: boolean;
  /** Why the host is (not) loopback, or why the bind is refused. */
  detail: string;
  /**
   * The resolver's error code (or `no addresses`) when `host` is a name that does not
   * resolve, so listen() would fail; null for an address literal or a name that resolves.
   */
  unresolved: string | null;
}

/** True for a strict dotted-quad IPv4 in 127.0.0.0/8 or exactly `::1`. */
export function isLoopbackLiteral(host: string): boolean {
  if (host === '::1') return true;
  if (!ipaddr.IPv4.isValidFourPartDecimal(host)) return false;
  return ipaddr.IPv4.parse(host).range() === 'loopback';
}

/** `localhost` or a loopback IP literal, by name alone (decideBind() also resolves `localhost`). */
export function isLoopbackName(host: string): boolean {
  return host === 'localhost' || isLoopbackLiteral(host);
}

/** True for what listen() binds without a lookup: the empty host and IP literals. */
function isAddressLiteral(address: string): boolean {
  return (
    address === '' || ipaddr.IPv4.isValidFourPartDecimal(address) || ipaddr.IPv6.isValid(address)
  );
}

function describeLookupError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{1,40}$/.test(code) ? code : 'a lookup error';
}

/** Every address `name` resolves to, or the resolver's error code. */
async function resolveName(
  name: string,
  lookup: Lookup,
): Promise<{ addresses: string[]; unresolved: string | null }> {
  try {
    const addresses = [...new Set((await lookup(name)).map((entry) => entry.address))];
    return { addresses, unresolved: addresses.length === 0 ? 'no addresses' : null };
  } catch (error) {
    return { addresses: [], unresolved: describeLookupError(error) };
  }
}

interface HostClass {
  loopback: boolean;
  addresses: string[];
  detail: string;
  unresolved: string | null;
}

async function classifyHost(host: string, lookup: Lookup): Promise<HostClass> {
  if (isLoopbackLiteral(host)) {
    return { loopback: true, addresses: [host], detail: 'loopback', unresolved: null };
  }
  const address = host.replace(/^\[(.*)\]$/, '$1');
  const networkAddresses = [host === '' ? '::' : address];
  if (isAddressLiteral(address)) {
    const detail = 'not a loopback literal';
    return { loopback: false, addresses: networkAddresses, detail, unresolved: null };
  }
  const { addresses: resolved, unresolved } = await resolveName(host, lookup);
  if (host !== 'localhost') {
    const detail = unresolved === null ? 'not a loopback literal' : 'a name that did not resolve';
    return { loopback: false, addresses: networkAddresses, detail, unresolved };
  }
  if (unresolved === null && resolved.every(isLoopbackLiteral)) {
    const detail = `localhost → ${resolved.join(', ')}`;
    return { loopback: true, addresses: resolved, detail, unresolved };
  }
  const detail =
    unresolved !== null
      ? 'localhost did not resolve'
      : `localhost resolves to non-loopback ${resolved.filter((a) => !isLoopbackLiteral(a)).join(', ')}`;
  return { loopback: false, addresses: networkAddresses, detail, unresolved };
}

/** The credential paths that actually work with this auth posture. */
export function listCredentials(auth: AuthPosture): Credential[] {
  if (!auth.enabled) return [];
  const credentials: Credential[] = [];
  if (auth.password_required && auth.password_hash && checkArgon2Hash(auth.password_hash).ok) {
    credentials.push('password');
  }
  if (auth.api_token_hash || (auth.issued_api_tokens ?? 0) > 0) credentials.push('token');
  if (auth.reverse_proxy.enabled) credentials.push('proxy');
  return credentials;
}

/** Decides whether `host` is loopback, what to bind, and whether `auth` allows the bind. */
export async function decideBind(
  host: string,
  auth: AuthPosture,
  deps: { lookup: Lookup },
): Promise<BindDecision> {
  const { loopback, addresses, detail, unresolved } = await classifyHost(host, deps.lookup);
  const credentials = listCredentials(auth);
  const base = { host, loopback, addresses, credentials, unresolved };
  if (loopback || credentials.length > 0) {
    return { ...base, allowed: true, optedOut: false, detail };
  }
  if (auth.allow_unauthenticated_network === true) {
    return { ...base, allowed: true, optedOut: true, detail: `${detail}; auth opt-out in effect` };
  }
  return { ...base, allowed: false, optedOut: false, detail };
}
