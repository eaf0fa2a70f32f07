/**
 * Whether a list of CIDRs together covers every address of a family: entries that each look
 * narrow (`0.0.0.0/1` and `128.0.0.0/1`) can still trust the whole internet between them.
 * Pure: sizes are summed as BigInt over the merged ranges, per family.
 */
import type ipaddr from 'ipaddr.js';

type Cidr = readonly [ipaddr.IPv4 | ipaddr.IPv6, number];

const WIDTH = { ipv4: 32, ipv6: 128 } as const;

function startOf(address: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return address.toByteArray().reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

/** The family whose every address the CIDRs cover together, or null. */
export function findCoveredFamily(cidrs: readonly Cidr[]): 'ipv4' | 'ipv6' | null {
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
