/**
 * Clone host parser (security.md R-SSRF-1, R-SSRF-2). Invariant: a host is accepted only as a
 * lowercase ASCII DNS name made of LDH labels (valid punycode where `xn--`), a strict
 * dotted-quad IPv4 literal, or a plain bracketed IPv6 literal — never a spelling that some
 * resolver would read as a different address (decimal, hex, octal, short form, embedded
 * dotted IPv4, zone id), never with `%`, a trailing dot or a leading `-`.
 */
import { domainToASCII } from 'node:url';
import ipaddr from 'ipaddr.js';

export type HostKind = 'name' | 'ipv4' | 'ipv6';

export type HostRule =
  | 'invalid-host'
  | 'ip-literal'
  | 'percent-encoding'
  | 'trailing-dot'
  | 'option-injection';

export type HostVerdict =
  | { ok: true; host: string; kind: HostKind }
  | { ok: false; rule: HostRule; detail: string };

const LABEL_RE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** WHATWG and inet_aton read a host whose last label is a number as an IPv4 address. */
const NUMERIC_LABEL_RE = /^(?:0x[0-9a-f]*|[0-9]+)$/i;
const MAX_HOST_LENGTH = 253;

function refuse(rule: HostRule, detail: string): HostVerdict {
  return { ok: false, rule, detail };
}

function parseBracketedIpv6(inner: string): HostVerdict {
  if (inner.includes('%')) {
    return refuse('ip-literal', 'IPv6 zone ids (`%eth0`) are not allowed in a clone URL');
  }
  if (inner.includes('.')) {
    return refuse('ip-literal', 'write an IPv4 address as a plain dotted quad, not inside [ ]');
  }
  if (!ipaddr.IPv6.isValid(inner)) {
    return refuse('ip-literal', `[${inner}] is not a valid IPv6 address`);
  }
  const address = ipaddr.IPv6.parse(inner);
  const parts = address.parts;
  const upperZero = parts.slice(0, 5).every((part) => part === 0);
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) literals are odd spellings
  // of an IPv4 address: refuse them outright instead of trusting every later consumer.
  if (upperZero && (parts[5] === 0xffff || (parts[5] === 0 && (parts[6] ?? 0) !== 0))) {
    return refuse('ip-literal', `[${inner}] embeds an IPv4 address; write the IPv4 address`);
  }
  return { ok: true, host: address.toRFC5952String(), kind: 'ipv6' };
}

function parseDnsName(host: string): HostVerdict {
  const lower = host.toLowerCase();
  if (lower.length > MAX_HOST_LENGTH) {
    return refuse('invalid-host', `host name is ${lower.length} characters; at most 253`);
  }
  for (const label of lower.split('.')) {
    if (!LABEL_RE.test(label)) {
      return refuse(
        'invalid-host',
        `host label "${label}" must be 1-63 letters, digits or inner hyphens`,
      );
    }
    // domainToASCII answers '' when a punycode label does not decode to valid IDNA.
    if (label.startsWith('xn--') && domainToASCII(label) === '') {
      return refuse('invalid-host', `host label "${label}" is not valid punycode (IDNA)`);
    }
  }
  return { ok: true, host: lower, kind: 'name' };
}

/** Parses the host part of a clone URL (brackets included for IPv6) under the strict rules. */
export function parseCloneHost(raw: string): HostVerdict {
  if (raw.length === 0) return refuse('invalid-host', 'the URL has no host');
  if (raw.startsWith('[')) {
    if (!raw.endsWith(']')) return refuse('invalid-host', 'unbalanced [ in the host');
    return parseBracketedIpv6(raw.slice(1, -1));
  }
  if (raw.includes('%')) {
    return refuse('percent-encoding', 'percent-encoding is not allowed in the host');
  }
  // Non-ASCII look-alikes: refuse raw Unicode; the operator may paste the punycode form.
  if (/[^\x21-\x7e]/.test(raw)) {
    const ascii = domainToASCII(raw);
    const hint = ascii === '' ? 'it is not valid IDNA' : `its punycode form is ${ascii}`;
    return refuse('invalid-host', `the host has non-ASCII characters (${hint})`);
  }
  if (raw.startsWith('-')) {
    return refuse('option-injection', 'a host starting with "-" could be read as an option');
  }
  if (raw.endsWith('.')) return refuse('trailing-dot', 'the host ends with a dot');
  const lastLabel = raw.slice(raw.lastIndexOf('.') + 1);
  if (NUMERIC_LABEL_RE.test(lastLabel)) {
    if (!ipaddr.IPv4.isValidFourPartDecimal(raw)) {
      return refuse(
        'ip-literal',
        `"${raw}" is not a strict dotted-quad IPv4 address (decimal, hex, octal and short forms are refused)`,
      );
    }
    return { ok: true, host: raw, kind: 'ipv4' };
  }
  return parseDnsName(raw);
}

/** The host as it appears in a URL: IPv6 literals in brackets. */
export function formatUrlHost(host: string, kind: HostKind): string {
  return kind === 'ipv6' ? `[${host}]` : host;
}
