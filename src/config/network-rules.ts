/**
 * Cross-field rules for addresses and origins. Invariant: every allowlist entry is exact
 * and canonical; an entry that would match everything, or the cloud metadata address, is
 * refused rather than narrowed.
 */

import {
  describeTrustEverything,
  findTrustEverything,
  readAsPeerRange,
} from '../security/cidr-coverage.js';
import { cidrContains, type ParsedCidr, parseCanonicalCidr } from './cidr.js';
import type { ConfigProblem } from './problems.js';
import { describeFound } from './problems.js';
import type { Config } from './schema.js';

const METADATA_ADDRESSES = ['169.254.169.254', '::ffff:169.254.169.254', 'fd00:ec2::254'];

/** auth.allowed_origins: `scheme://host[:port]` exactly, no path, slash, `*` or `null`. */
export function checkAllowedOrigins(origins: readonly string[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  origins.forEach((origin, index) => {
    const path = `auth.allowed_origins[${index}]`;
    const expected = 'an exact origin like https://clauster.example.com (no path or slash)';
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    const valid =
      url !== undefined &&
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      url.origin === origin;
    if (!valid) problems.push({ path, expected, found: describeFound(origin, path) });
  });
  return problems;
}

/** auth.reverse_proxy.trusted_ips: addresses or canonical CIDRs, never everything. */
export function checkTrustedIps(config: Config): ConfigProblem[] {
  const proxy = config.auth.reverse_proxy;
  const problems: ConfigProblem[] = [];
  const cidrs: Array<[ParsedCidr['address'], number]> = [];
  if (proxy.enabled && proxy.trusted_ips.length === 0) {
    problems.push({
      path: 'auth.reverse_proxy.trusted_ips',
      expected: 'the proxy peer addresses or CIDRs when reverse_proxy.enabled is true',
      found: 'an empty list',
    });
  }
  proxy.trusted_ips.forEach((entry, index) => {
    const path = `auth.reverse_proxy.trusted_ips[${index}]`;
    const parsed = parseCanonicalCidr(entry, { allowBareAddress: true });
    if (!parsed.ok) {
      problems.push({ path, expected: parsed.detail, found: describeFound(entry, path) });
    } else if (readAsPeerRange([parsed.value.address, parsed.value.prefix])[1] === 0) {
      // Read as run matches peers: `::ffff:0:0/96` is `0.0.0.0/0`.
      problems.push({
        path,
        expected: 'a network that does not cover every address',
        found: describeFound(entry, path),
      });
    } else {
      cidrs.push([parsed.value.address, parsed.value.prefix]);
    }
  });
  if (problems.length > 0) return problems;
  // The list as a whole, as run reads it (each entry alone was checked above), so check-config
  // refuses what run would. Every entry parsed, so `cidrs` lines up with the list.
  const wide = findTrustEverything(cidrs);
  if (wide !== null) {
    problems.push({
      path: 'auth.reverse_proxy.trusted_ips',
      expected: 'networks that do not cover every address, alone or together',
      found: describeTrustEverything(wide, proxy.trusted_ips),
    });
  }
  return problems;
}

/** clone.allowed_private_cidrs: canonical CIDRs, not everything, not the metadata address. */
export function checkAllowedPrivateCidrs(cidrs: readonly string[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  cidrs.forEach((entry, index) => {
    const path = `clone.allowed_private_cidrs[${index}]`;
    const found = describeFound(entry, path);
    const parsed = parseCanonicalCidr(entry);
    if (!parsed.ok) {
      problems.push({ path, expected: parsed.detail, found });
      return;
    }
    if (parsed.value.prefix === 0) {
      problems.push({ path, expected: 'a network that does not cover every address', found });
      return;
    }
    const metadata = METADATA_ADDRESSES.find((address) => cidrContains(parsed.value, address));
    if (metadata !== undefined) {
      problems.push({
        path,
        expected: `a network that excludes the metadata address ${metadata}`,
        found,
      });
    }
  });
  return problems;
}
