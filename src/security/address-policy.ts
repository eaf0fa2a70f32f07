/**
 * Address policy for clone targets (security.md R-SSRF-2, R-SSRF-3). Pure. Invariant: an
 * address is allowed only when it is global unicast, or when it is in an opt-in private class
 * (RFC 1918, CGNAT, benchmark, 192.0.0/24, fc00::/7) and `clone.allow_private_hosts` or a
 * matching `clone.allowed_private_cidrs` entry allows it. Loopback, link-local, multicast,
 * reserved, unspecified, broadcast, documentation and cloud-metadata addresses are never
 * allowed. IPv6 forms that carry an IPv4 address (mapped, compatible, SIIT, NAT64, 6to4) are
 * unwrapped and the embedded address is judged; an unparseable address is refused.
 */
import ipaddr from 'ipaddr.js';

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'link-local'
  | 'multicast'
  | 'reserved'
  | 'unspecified'
  | 'broadcast'
  | 'documentation'
  | 'metadata'
  | 'private'
  | 'cgnat'
  | 'benchmark'
  | 'special-purpose'
  | 'invalid';

export interface AddressClassification {
  class: AddressClass;
  /** The CIDR that decided the class (`2000::/3` or `0.0.0.0/0` for public). */
  range: string;
  /** The IPv4 address unwrapped from an IPv6 form, when there was one. */
  embedded?: string;
}

export interface AddressPolicyOptions {
  allowPrivateHosts?: boolean;
  allowedPrivateCidrs?: readonly string[];
}

export type AddressVerdict =
  | { allowed: true; address: string; classification: AddressClassification }
  | {
      allowed: false;
      address: string;
      classification: AddressClassification;
      /** `<class>-address`, e.g. `private-address`, `metadata-address`. */
      rule: string;
      detail: string;
    };

/** Classes an operator may opt into; every other non-public class is always refused. */
const ALLOWABLE: ReadonlySet<AddressClass> = new Set([
  'private',
  'cgnat',
  'benchmark',
  'special-purpose',
]);

type Table = ReadonlyArray<readonly [AddressClass, string]>;

// Order matters: the first match wins, so the metadata hosts come before their ranges.
const IPV4_TABLE: Table = [
  ['metadata', '169.254.169.254/32'], // AWS, GCP, Azure, OCI instance metadata
  ['metadata', '100.100.100.200/32'], // Alibaba Cloud instance metadata (inside CGNAT)
  ['unspecified', '0.0.0.0/8'],
  ['loopback', '127.0.0.0/8'],
  ['link-local', '169.254.0.0/16'],
  ['multicast', '224.0.0.0/4'],
  ['broadcast', '255.255.255.255/32'],
  ['reserved', '240.0.0.0/4'],
  ['documentation', '192.0.2.0/24'],
  ['documentation', '198.51.100.0/24'],
  ['documentation', '203.0.113.0/24'],
  ['reserved', '192.88.99.0/24'], // deprecated 6to4 relay anycast
  ['private', '10.0.0.0/8'],
  ['private', '172.16.0.0/12'],
  ['private', '192.168.0.0/16'],
  ['cgnat', '100.64.0.0/10'],
  ['benchmark', '198.18.0.0/15'],
  ['special-purpose', '192.0.0.0/24'],
];

const IPV6_TABLE: Table = [
  ['metadata', 'fd00:ec2::254/128'], // AWS instance metadata over IPv6
  ['unspecified', '::/128'],
  ['loopback', '::1/128'],
  ['link-local', 'fe80::/10'],
  ['reserved', 'fec0::/10'], // deprecated site-local
  ['multicast', 'ff00::/8'],
  ['private', 'fc00::/7'],
  ['private', '64:ff9b:1::/48'], // local-use NAT64 (RFC 8215)
  ['documentation', '2001:db8::/32'],
  ['documentation', '3fff::/20'],
  ['benchmark', '2001:2::/48'],
  ['reserved', '2001::/23'], // IETF protocol assignments, Teredo included
  ['reserved', '100::/64'], // discard-only
];

type Parsed = ipaddr.IPv4 | ipaddr.IPv6;

const compiled = new Map<string, [Parsed, number]>();

function parseCidr(cidr: string): [Parsed, number] | null {
  const cached = compiled.get(cidr);
  if (cached) return cached;
  try {
    const parsed = ipaddr.parseCIDR(cidr);
    compiled.set(cidr, parsed);
    return parsed;
  } catch {
    return null;
  }
}

function matches(address: Parsed, cidr: string): boolean {
  const range = parseCidr(cidr);
  return range !== null && range[0].kind() === address.kind() && address.match(range);
}

function lookupTable(address: Parsed, table: Table): AddressClassification | null {
  for (const [klass, cidr] of table) {
    if (matches(address, cidr)) return { class: klass, range: cidr };
  }
  return null;
}

function classifyIpv4(address: ipaddr.IPv4): AddressClassification {
  return lookupTable(address, IPV4_TABLE) ?? { class: 'public', range: '0.0.0.0/0' };
}

function fromLow32(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/** The IPv4 address an IPv6 form carries, and whether that form is routable at all. */
function unwrapIpv4(address: ipaddr.IPv6): { v4: ipaddr.IPv4; routable: boolean } | null {
  const [p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0, p5 = 0, p6 = 0, p7 = 0] = address.parts;
  const upperZero = p0 === 0 && p1 === 0 && p2 === 0 && p3 === 0;
  if (upperZero && p4 === 0 && p5 === 0xffff) return { v4: fromLow32(p6, p7), routable: true };
  if (upperZero && p4 === 0xffff && p5 === 0) return { v4: fromLow32(p6, p7), routable: true };
  // IPv4-compatible (::a.b.c.d, deprecated): judge the embedded address, never route it.
  if (upperZero && p4 === 0 && p5 === 0 && (p6 !== 0 || p7 > 1)) {
    return { v4: fromLow32(p6, p7), routable: false };
  }
  if (matches(address, '64:ff9b::/96')) return { v4: fromLow32(p6, p7), routable: true };
  if (p0 === 0x2002) return { v4: fromLow32(p1, p2), routable: true };
  return null;
}

function parseAddress(input: string): Parsed | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(input)) return ipaddr.IPv4.parse(input);
  if (!input.includes('.') && ipaddr.IPv6.isValid(input)) return ipaddr.IPv6.parse(input);
  // Dotted IPv6 spellings (::ffff:1.2.3.4) are parsed by hand: ipaddr.js reads `::1.2.3.4`
  // as mapped. Only a strict dotted quad may follow the last colon.
  const cut = input.lastIndexOf(':');
  const tail = input.slice(cut + 1);
  if (cut < 0 || !ipaddr.IPv4.isValidFourPartDecimal(tail)) return null;
  const [a = 0, b = 0, c = 0, d = 0] = ipaddr.IPv4.parse(tail).octets;
  const low = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  const rewritten = `${input.slice(0, cut + 1)}${low}`;
  return ipaddr.IPv6.isValid(rewritten) ? ipaddr.IPv6.parse(rewritten) : null;
}

/** Classifies one address literal; IPv6 forms carrying an IPv4 address are unwrapped. */
export function classifyAddress(input: string): AddressClassification {
  const address = parseAddress(input);
  if (address === null) return { class: 'invalid', range: 'none' };
  if (address.kind() === 'ipv4') return classifyIpv4(address as ipaddr.IPv4);
  const v6 = address as ipaddr.IPv6;
  const unwrapped = unwrapIpv4(v6);
  if (unwrapped) {
    const inner = classifyIpv4(unwrapped.v4);
    const embedded = unwrapped.v4.toString();
    if (inner.class === 'public' && !unwrapped.routable) {
      return { class: 'reserved', range: '::/96', embedded };
    }
    return { ...inner, embedded };
  }
  const special = lookupTable(v6, IPV6_TABLE);
  if (special) return special;
  // Outside 2000::/3 nothing is global unicast today: refuse rather than guess.
  if (!matches(v6, '2000::/3')) return { class: 'reserved', range: 'outside 2000::/3' };
  return { class: 'public', range: '2000::/3' };
}

function isOptedIn(input: string, embedded: string | undefined, options: AddressPolicyOptions) {
  if (options.allowPrivateHosts === true) return true;
  const candidates = [parseAddress(input), embedded ? parseAddress(embedded) : null];
  return (options.allowedPrivateCidrs ?? []).some((cidr) =>
    candidates.some((candidate) => candidate !== null && matches(candidate, cidr)),
  );
}

function describe(input: string, c: AddressClassification): string {
  const what = c.embedded ? `${input} (embedding ${c.embedded})` : input;
  return `${what} is ${c.class} (${c.range})`;
}

/** Decides whether git may connect to `address` under the clone opt-ins. */
export function checkAddress(address: string, options: AddressPolicyOptions = {}): AddressVerdict {
  const classification = classifyAddress(address);
  if (classification.class === 'public') return { allowed: true, address, classification };
  const rule = `${classification.class}-address`;
  if (!ALLOWABLE.has(classification.class)) {
    const detail = `${describe(address, classification)}; never allowed`;
    return { allowed: false, address, classification, rule, detail };
  }
  if (isOptedIn(address, classification.embedded, options)) {
    return { allowed: true, address, classification };
  }
  const detail = `${describe(address, classification)}; allow it with clone.allow_private_hosts or a matching clone.allowed_private_cidrs entry`;
  return { allowed: false, address, classification, rule, detail };
}
