/**
 * Webhook targets (reference §3.6, §3.12). Invariants: a webhook URL is an absolute http(s)
 * URL with a host, no fragment and no userinfo; a log line only ever shows
 * `scheme://host[:port]` of it, and a config problem shows it with userinfo, path and query
 * masked (webhook URLs often carry tokens). A target whose host is or resolves to a cloud
 * metadata address is always refused; with `webhooks.block_private_targets`, one is refused
 * unless EVERY address of its host is public under the clone guard's classifier (no opt-ins).
 * Odd IPv4 spellings (`127.1`, `2130706433`, `0x7f.1`) need no extra rule: the URL parser has
 * already turned them into the dotted quad that the connection would go to.
 */
import { fail, ok, type Result } from '../result.js';
import type { Lookup } from '../system/ports.js';
import { type AddressVerdict, checkAddress, classifyAddress } from './address-policy.js';
import { REDACTED, redactText } from './redact.js';
import { resolveCheckedAddresses } from './resolve-addresses.js';

export const MAX_WEBHOOK_URL_LENGTH = 2048;

export type WebhookUrlRule = 'too-long' | 'unparsable' | 'scheme' | 'fragment' | 'credentials';
export type WebhookAddressRule = 'unresolvable' | 'refused-private' | 'refused-metadata';

// The URL parser reads `\` as `/` in http(s) URLs, so both count as separators here.
const SCHEME_RE = /^([A-Za-z][A-Za-z0-9+.-]*:)([/\\]{2})?/;
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
  // userinfo is refused (one rule for every receiver): a token goes in the path or query.
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
  const cut = rest.search(/[/\\?#]/);
  let authority = cut === -1 ? rest : rest.slice(0, cut);
  const tail = cut === -1 ? '' : rest.slice(cut);
  const at = authority.lastIndexOf('@');
  if (at !== -1) authority = `${REDACTED}@${authority.slice(at + 1)}`;
  if (authority.length > MAX_SHOWN_HOST) authority = `${authority.slice(0, MAX_SHOWN_HOST)}…`;
  let shown = `${scheme[0]}${authority}`;
  if (/^[/\\]./.test(tail)) shown += `/${REDACTED}`;
  else if (/^[/\\]/.test(tail)) shown += '/';
  if (tail.includes('?')) shown += `?${REDACTED}`;
  if (tail.includes('#')) shown += `#${REDACTED}`;
  return redactText(shown);
}

function bareHost(url: URL): string {
  const host = url.hostname;
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * The webhook address policy: a cloud metadata address is always refused (it hands out
 * instance credentials); with `blockPrivateTargets`, so is every address that is not public.
 */
function judgeWebhookAddress(
  address: string,
  options: { blockPrivateTargets: boolean },
): AddressVerdict {
  // No opt-ins: a webhook target is public, or the operator switched the check off.
  const verdict = checkAddress(address);
  if (verdict.allowed || options.blockPrivateTargets) return verdict;
  if (verdict.classification.class === 'metadata') return verdict;
  return { allowed: true, address, classification: verdict.classification };
}

/**
 * Resolves the target's host once and judges every address (the literal, or every A/AAAA
 * answer): one refused answer refuses the host. The addresses returned are the only ones a
 * delivery may connect to (the sender pins its connection to them).
 */
export async function checkWebhookAddresses(
  url: URL,
  options: { blockPrivateTargets: boolean },
  deps: { lookup: Lookup },
): Promise<Result<string[], WebhookAddressRule>> {
  const host = bareHost(url);
  const resolved = await resolveCheckedAddresses(
    host,
    {
      literal: classifyAddress(host).class !== 'invalid',
      judge: (address) => judgeWebhookAddress(address, options),
    },
    deps,
  );
  if (resolved.ok) return ok(resolved.addresses);
  if (resolved.reason === 'lookup-failed') {
    return fail('unresolvable', `the host did not resolve (${resolved.code})`);
  }
  if (resolved.reason === 'no-records') {
    return fail('unresolvable', 'the host has no A or AAAA record');
  }
  const { address, classification } = resolved.verdict;
  const code = classification.class === 'metadata' ? 'refused-metadata' : 'refused-private';
  return fail(code, `${classification.class} address ${address}`);
}

/** An http:// target off this machine: the URL (and any token in it) travels in clear. */
export function isCleartextRemote(url: URL): boolean {
  if (url.protocol !== 'http:') return false;
  const host = bareHost(url).toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return false;
  return classifyAddress(host).class !== 'loopback';
}
