/** Odd spellings of IPv4 addresses for the clone URL property tests (security.md R-SSRF-2). */

/** Every way a resolver or URL parser may read as this IPv4 address, except the dotted quad. */
export function oddSpellings(octets: readonly number[]): string[] {
  const [a = 0, b = 0, c = 0, d = 0] = octets;
  const value = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
  const hex = (n: number): string => `0x${n.toString(16)}`;
  const oct = (n: number): string => `0${n.toString(8)}`;
  return [
    String(value),
    hex(value),
    `0X${value.toString(16).toUpperCase()}`,
    oct(value),
    `${a}.${(b << 16) + (c << 8) + d}`,
    `${a}.${b}.${(c << 8) + d}`,
    `${oct(a)}.${b}.${c}.${d}`,
    `${a}.${b}.${c}.${oct(d)}`,
    `${hex(a)}.${b}.${c}.${d}`,
    `${hex(a)}.${hex(b)}.${hex(c)}.${hex(d)}`,
    `00${a}.${b}.${c}.${d}`,
    `${a}.${b}.${c}.${d}.`,
    `[::ffff:${a}.${b}.${c}.${d}]`,
    `[::ffff:${((a << 8) + b).toString(16)}:${((c << 8) + d).toString(16)}]`,
    `[::${a}.${b}.${c}.${d}]`,
    `[0:0:0:0:0:ffff:${a}.${b}.${c}.${d}]`,
    `[::ffff:${a}.${b}.${c}.${d}%eth0]`,
    `${a}.${b}.${c}.${d}%2e`,
  ];
}
