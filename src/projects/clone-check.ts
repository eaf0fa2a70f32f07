/**
 * Clone target check (design §6, security.md R-SSRF-3). Invariant: a clone target is allowed
 * only when its URL passes `checkCloneUrl` and EVERY A and AAAA address of its host (or the
 * literal address itself) passes `checkAddress`; a name that does not resolve is refused.
 * The verdict carries the checked addresses so git can be pinned to them.
 */
import { type AddressPolicyOptions, checkAddress } from '../security/address-policy.js';
import {
  checkCloneUrl,
  type ParsedCloneUrl,
  type UrlPolicyOptions,
  type UrlRule,
} from '../security/clone-url.js';
import { resolveCheckedAddresses } from '../security/resolve-addresses.js';
import type { Lookup } from '../system/ports.js';

export interface CloneCheckOptions extends UrlPolicyOptions, AddressPolicyOptions {}

export type AddressCheck =
  | { ok: true; addresses: string[] }
  | { ok: false; rule: string; detail: string; address?: string };

/** The address step, injectable so tests can point a clone at a loopback server. */
export type CheckAddresses = (
  parsed: ParsedCloneUrl,
  options: AddressPolicyOptions,
  deps: { lookup: Lookup },
) => Promise<AddressCheck>;

export type CloneCheck =
  | { ok: true; rule: null; detail: string; parsed: ParsedCloneUrl; addresses: string[] }
  | {
      ok: false;
      rule: UrlRule | string;
      detail: string;
      parsed: ParsedCloneUrl | null;
      address?: string;
    };

/** Resolves every A and AAAA of the host and refuses when any address is blocked. */
export async function checkHostAddresses(
  parsed: ParsedCloneUrl,
  options: AddressPolicyOptions,
  deps: { lookup: Lookup },
): Promise<AddressCheck> {
  // One bad answer refuses the host: a resolver may hand git any of them.
  const resolved = await resolveCheckedAddresses(
    parsed.host,
    { literal: parsed.hostKind !== 'name', judge: (address) => checkAddress(address, options) },
    deps,
  );
  if (resolved.ok) return resolved;
  switch (resolved.reason) {
    case 'lookup-failed': {
      const detail = `${parsed.host} did not resolve (${resolved.code})`;
      return { ok: false, rule: 'unresolvable', detail };
    }
    case 'no-records':
      return { ok: false, rule: 'unresolvable', detail: `${parsed.host} has no A or AAAA record` };
    default: {
      const { rule, detail, address } = resolved.verdict;
      return { ok: false, rule, detail, address };
    }
  }
}

/** Runs the URL policy, then the address check; nothing is spawned or created. */
export async function checkCloneTarget(
  url: string,
  options: CloneCheckOptions,
  deps: { lookup: Lookup; checkAddresses?: CheckAddresses },
): Promise<CloneCheck> {
  const verdict = checkCloneUrl(url, options);
  if (!verdict.ok) return verdict;
  const check = deps.checkAddresses ?? checkHostAddresses;
  const addresses = await check(verdict.parsed, options, deps);
  if (!addresses.ok) {
    const refused: CloneCheck = {
      ok: false,
      rule: addresses.rule,
      detail: addresses.detail,
      parsed: verdict.parsed,
    };
    if (addresses.address !== undefined) refused.address = addresses.address;
    return refused;
  }
  const detail = `${verdict.detail} (${addresses.addresses.join(', ')})`;
  return { ok: true, rule: null, detail, parsed: verdict.parsed, addresses: addresses.addresses };
}

/** One line naming the rule (and the address) for logs, errors and the CLI. */
export function formatRefusal(check: { rule: string | null; detail: string; address?: string }) {
  const head = check.address === undefined ? check.rule : `${check.rule} ${check.address}`;
  return `${head}: ${check.detail}`;
}
