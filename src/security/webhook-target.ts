/**
 * Webhook targets (reference §3.6, §3.12). Invariants: a webhook URL is an absolute http(s) URL with
 * a host, no fragment and no userinfo (fetch would refuse it at every delivery); a log line only ever shows `scheme://host[:port]` of it, and a
 * config problem shows it with userinfo, path and query masked (webhook URLs often carry
 * tokens). With `webhooks.block_private_targets`, a target is refused unless EVERY address of
 * its host is public under the clone guard's classifier (no opt-ins). Odd IPv4 spellings
 * (`127.1`, `2130706433`, `0x7f.1`) need no extra rule: the URL parser has already turned
 * them into the dotted quad that fetch would connect to.
 */
import { fail, ok, type Result } from '../result.js';
import type { Lookup } from '../system/ports.js';
import { checkAddress, classifyAddress } from './address-policy.js';
import { REDACTED, redactText } from './redact.js';

export const MAX_WEBHOOK_URL_LENGTH = 2048;

export type WebhookUrlRule = 'too-long' | 'unparsable' | 'scheme' | 'fragment' | 'credentials';
export type WebhookAddressRule = 'unresolvable' | 'refused-private';

const SCHEME_RE = /^([A-Za-z][A-Za-z0-9+.-]*:)(\/\/)?/;
const MAX_SHOWN_HOST = 80;

/** Parses a webhook URL: absolute http or https, a host, no fragment, no whitespace. */
export function parseWebhookUrl(input: string): Result<URL, WebhookUrlRule> {
  if (input.length > MAX_WEBHOOK_URL_LENGTH) {
    return fail('too-long', `at most ${MAX_WEBHOOK_URL_LENGTH} characters`);
  }
  // The URL parser silently drops tabs and newlines: refuse them instead of guessing.
  if (/[\s\p{Cc}]/u.test(input)) return fail('unparsable', 'no whitespace or control characters');
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return fail('unparsable', 'an absolute URL like https://hooks.example.com/path');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail('scheme', 'an http:// or https:// URL');
  }
  if (url.hostname === '') return fail('unparsable', 'a URL with a host');
  if (url.hash !== '' || input.includes('#')) return fail('fragment', 'a URL without a #fragment');
  // fetch refuses a URL with credentials, so such a target could never be reached.
  if (url.username !== '' || url.password !== '') {
    return fail('credentials', 'a URL without user:password@ (put a token in the path or query)');
  }
  return ok(url);
}

/** `scheme://host[:port]` of a parsed URL: the only part of a target that is ever logged. */
export function describeTarget(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

/**
 * Shows a URL that may not parse with its secret-bearing parts masked: userinfo, path, query
 * and fragment become `<redacted>`; only the scheme and host stay readable.
 */
export function maskUrl(input: string): string {
  const scheme = SCHEME_RE.exec(input);
  if (scheme === null) return `${REDACTED} (${input.length} characters, no scheme)`;
  const rest = input.slice(scheme[0].length);
  const cut = rest.search(/[/?#]/);
  let authority = cut === -1 ? rest : rest.slice(0, cut);
  const tail = cut === -1 ? '' : rest.slice(cut);
  const at = authority.lastIndexOf('@');
  if (at !== -1) authority = `${REDACTED}@${authority.slice(at + 1)}`;
  if (authority.length > MAX_SHOWN_HOST) authority = `${authority.slice(0, MAX_SHOWN_HOST)}…`;
  let shown = `${scheme[0]}${authority}`;
  if (/^\/./.test(tail)) shown += `/${REDACTED}`;
  else if (tail.startsWith('/')) shown += '/';
  if (tail.includes('?')) shown += `?${REDACTED}`;
  if (tail.includes('#')) shown += `#${REDACTED}`;
  return redactText(shown);
}

function bareHost(url: URL): string {
  const host = url.hostname;
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function describeLookupError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'lookup failed';
}

/**
 * The block_private_targets check: the literal address, or every A/AAAA answer of the name,
 * must be public. One private answer refuses the host (fetch may connect to any of them).
 */
export async function checkWebhookAddresses(
  url: URL,
  deps: { lookup: Lookup },
): Promise<Result<string[], WebhookAddressRule>> {
  const host = bareHost(url);
  let addresses: string[];
  if (classifyAddress(host).class !== 'invalid') {
    addresses = [host];
  } else {
    try {
      addresses = (await deps.lookup(host)).map((entry) => entry.address);
    } catch (error) {
      return fail('unresolvable', `the host did not resolve (${describeLookupError(error)})`);
    }
  }
  if (addresses.length === 0) return fail('unresolvable', 'the host has no A or AAAA record');
  for (const address of addresses) {
    const verdict = checkAddress(address);
    if (!verdict.allowed) {
      return fail('refused-private', `${verdict.classification.class} address ${address}`);
    }
  }
  return ok([...new Set(addresses)]);
}
