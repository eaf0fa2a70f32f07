/**
 * Resolve-then-judge for outgoing connections (security.md R-SSRF-3), shared by the clone
 * guard and the webhook sender. Invariant: the answer is either every address of the host
 * (the literal itself, or every A/AAAA answer, deduplicated) with each one allowed by the
 * caller's judge, or one refusal; a failed lookup and an empty answer are refusals, and one
 * refused answer refuses the host (a connection may use any of them). Callers connect only
 * to the addresses returned (pinning), so the name is never resolved a second time.
 */
import type { Lookup } from '../system/ports.js';
import type { AddressVerdict } from './address-policy.js';

export type RefusedAddress = Extract<AddressVerdict, { allowed: false }>;

export type ResolvedAddresses =
  | { ok: true; addresses: string[] }
  /** The lookup threw; `code` is its error code (`ENOTFOUND`…) or `lookup failed`. */
  | { ok: false; reason: 'lookup-failed'; code: string }
  | { ok: false; reason: 'no-records' }
  | { ok: false; reason: 'refused'; verdict: RefusedAddress };

export interface ResolveOptions {
  /** The host is an address literal: judged as it is, never looked up. */
  literal: boolean;
  /** Judges one address (the caller's policy). */
  judge(address: string): AddressVerdict;
}

/** The error code of a failed lookup, never its message (which may name the resolver). */
function describeLookupError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'lookup failed';
}

/** Resolves `host` (bare: no brackets) and judges every address; see the invariant above. */
export async function resolveCheckedAddresses(
  host: string,
  options: ResolveOptions,
  deps: { lookup: Lookup },
): Promise<ResolvedAddresses> {
  let addresses: string[];
  if (options.literal) {
    addresses = [host];
  } else {
    try {
      addresses = (await deps.lookup(host)).map((entry) => entry.address);
    } catch (error) {
      return { ok: false, reason: 'lookup-failed', code: describeLookupError(error) };
    }
  }
  if (addresses.length === 0) return { ok: false, reason: 'no-records' };
  for (const address of addresses) {
    const verdict = options.judge(address);
    if (!verdict.allowed) return { ok: false, reason: 'refused', verdict };
  }
  return { ok: true, addresses: [...new Set(addresses)] };
}
