/**
 * Whether a list of trusted CIDRs trusts every address: one entry alone, or entries that each
 * look narrow (`0.0.0.0/1` and `128.0.0.0/1`) together. Ranges are read as peers are matched:
 * an IPv4-mapped IPv6 range is the IPv4 range it maps (`::ffff:0:0/96` is `0.0.0.0/0`).
 * Pure: sizes are summed as BigInt over the merged ranges, per family.
 */
import type ipaddr from 'ipaddr.js';

type Cidr = readonly [ipaddr.IPv4 | ipaddr.IPv6, number];

/** What trusts every address: one entry alone (its index), or the entries together (a family). */
export type TrustEverything =
  | { kind: 'entry'; index: number }
  | { kind: 'family'; family: 'ipv4' | 'ipv6' };

const WIDTH = { ipv4: 32, ipv6: 128 } as const;

function startOf(address: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return address.toByteArray().reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

/** `cidr` as a peer is matched against it: `::ffff:a.b.c.d/(96+n)` is `a.b.c.d/n`. */
export function readAsPeerRange(cidr: Cidr): Cidr {
  const [address, bits] = cidr;
  if (address.kind() !== 'ipv6' || bits < 96) return cidr;
  const v6 = address as ipaddr.IPv6;
  return v6.isIPv4MappedAddress() ? [v6.toIPv4Address(), bits - 96] : cidr;
}

/** The family whose every address the (peer) ranges cover together, or null. */
function findCoveredFamily(cidrs: readonly Cidr[]): 'ipv4' | 'ipv6' | null {
  for (const family of ['ipv4', 'ipv6'] as const) {
    const width = BigInt(WIDTH[family]);
    const ranges = cidrs
      .filter(([address]) => address.kind() === family)
      .map(([address, bits]) => {
        const size = 1n << (width - BigInt(bits));
        const start = (startOf(address) / size) * size; // the network, not the host written
        return [start, start + size] as const;
      })
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    let covered = 0n;
    let end = 0n;
    for (const [start, stop] of ranges) {
      if (stop <= end) continue;
      covered += stop - (start > end ? start : end);
      end = stop;
    }
    if (covered === 1n << width) return family;
  }
  return null;
}

/**
 * The first entry that alone trusts every address (read as a peer range, so an IPv4-mapped
 * `/96` counts), else the family the entries cover together, else null.
 */
export function findTrustEverything(cidrs: readonly Cidr[]): TrustEverything | null {
  const ranges = cidrs.map(readAsPeerRange);
  const index = ranges.findIndex(([, bits]) => bits === 0);
  if (index !== -1) return { kind: 'entry', index };
  const family = findCoveredFamily(ranges);
  return family === null ? null : { kind: 'family', family };
}

/** Why `entries` trust every address, in words shared by `run` and `check-config` (no key). */
export function describeTrustEverything(wide: TrustEverything, entries: readonly string[]): string {
  if (wide.kind === 'entry') return `${entries[wide.index]} trusts every address`;
  const family = wide.family === 'ipv4' ? 'IPv4' : 'IPv6';
  return `together these entries trust every ${family} address; list only the proxy's own addresses`;
}
