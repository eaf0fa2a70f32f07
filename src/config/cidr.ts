/**
 * Strict CIDR parsing for config lists (trusted_ips, allowed_private_cidrs). Invariant: only
 * canonical text is accepted (strict dotted-quad IPv4, RFC 5952 IPv6, no host bits, no
 * whitespace, no zone), so what an operator reads is exactly what is matched.
 */
import ipaddr from 'ipaddr.js';
import { fail, ok, type Result } from '../result.js';

export interface ParsedCidr {
  address: ipaddr.IPv4 | ipaddr.IPv6;
  prefix: number;
  /** Canonical text, e.g. `10.0.0.0/8` or `fd00::/8`. */
  text: string;
}

export type CidrCode = 'not-a-cidr' | 'no-prefix' | 'host-bits-set' | 'not-canonical';

function parseAddressStrict(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (text.includes(':') && !text.includes('%') && ipaddr.IPv6.isValid(text)) {
    return ipaddr.IPv6.parse(text);
  }
  return null;
}

/**
 * Parses `text` as a canonical CIDR. With `allowBareAddress`, a single address is accepted
 * as /32 or /128 (peer allowlists); otherwise a prefix is required.
 */
export function parseCanonicalCidr(
  text: string,
  options: { allowBareAddress?: boolean } = {},
): Result<ParsedCidr, CidrCode> {
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const prefixText = slash === -1 ? undefined : text.slice(slash + 1);
  const address = parseAddressStrict(addressText);
  if (address === null || (prefixText !== undefined && !/^(0|[1-9]\d{0,2})$/.test(prefixText))) {
    return fail('not-a-cidr', 'an IP network like 10.0.0.0/8 or fd00::/8');
  }
  const maxPrefix = address.kind() === 'ipv4' ? 32 : 128;
  if (prefixText === undefined && !options.allowBareAddress) {
    return fail('no-prefix', `a prefix length (e.g. ${addressText}/${maxPrefix})`);
  }
  const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
  if (prefix > maxPrefix) return fail('not-a-cidr', `a prefix length of 0-${maxPrefix}`);
  const network =
    address.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${addressText}/${prefix}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${addressText}/${prefix}`);
  const canonical = `${network.toString()}/${prefix}`;
  if (network.toString() !== address.toString()) {
    return fail('host-bits-set', `a network address without host bits (${canonical})`);
  }
  if (address.toString() !== addressText) {
    return fail('not-canonical', `the canonical spelling ${canonical}`);
  }
  return ok({ address: network, prefix, text: canonical });
}

/** True when the network contains `addressText` (an address of the other family never is). */
export function cidrContains(cidr: ParsedCidr, addressText: string): boolean {
  if (!ipaddr.isValid(addressText)) return false;
  const address = ipaddr.parse(addressText);
  // match() throws on a family mismatch: compare kinds first.
  if (address.kind() !== cidr.address.kind()) return false;
  return address.match(cidr.address, cidr.prefix);
}
