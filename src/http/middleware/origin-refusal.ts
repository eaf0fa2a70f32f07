/**
 * The message of a 403 `bad-origin`: what was wrong with the request and how to send it so
 * that it passes. Invariant: a header value is shown only as JSON, invisible characters
 * escaped, redacted (an Origin is scheme://host[:port], but the header may hold anything) and
 * cut. The gate runs before auth, so a stranger reads this too: it never lists the configured
 * origins. It names an origin only when the request's own Host (which the caller sent) is the
 * host of an allowed one; else it names the setting, `auth.allowed_origins`.
 */
import { normalizeOrigin, type OriginPolicy, type OriginRefusal } from '../../security/origin.js';
import { showTextCut } from '../../security/show-text.js';

export interface RefusedOrigin {
  code: OriginRefusal;
  /** The raw Origin and Sec-Fetch-Site headers, null when absent. */
  origin: string | null;
  secFetchSite: string | null;
  isUpgrade: boolean;
  /** A trusted proxy asserted a user (the missing-Origin refusal names it, not the cookie). */
  hasProxyIdentity: boolean;
  /** `scheme://Host` of the request: named when an allowed origin has the same host. */
  requestOrigin: string | null;
}

const MAX_SHOWN = 80;
const TOKEN_HINT = '(`clauster api-token issue <label>`)';
const UNKNOWN_ORIGIN = 'its Origin header must be an origin listed in auth.allowed_origins';

function quote(value: string): string {
  return showTextCut(JSON.stringify(value), MAX_SHOWN);
}

function hostsOf(origin: string): string[] {
  const url = new URL(origin);
  const port = url.protocol === 'https:' ? '443' : '80';
  return url.port === '' ? [url.host, `${url.host}:${port}`] : [url.host];
}

// The allowed origin whose host is the one the caller named (its own scheme first), or null:
// the configured origins are never listed, so a stranger learns nothing from the refusal.
function ownOrigin(policy: OriginPolicy, requestOrigin: string | null): string | null {
  const own = requestOrigin === null ? null : normalizeOrigin(requestOrigin);
  if (own === null) return null;
  if (policy.origins.has(own)) return own;
  const host = new URL(own).host;
  const same = [...policy.origins].filter((origin) => hostsOf(origin).includes(host)).sort();
  return same.find((origin) => origin.startsWith('https:')) ?? same[0] ?? null;
}

function describeProblem(refused: RefusedOrigin): string {
  switch (refused.code) {
    case 'cross-site':
      return `the request's Sec-Fetch-Site is ${quote(refused.secFetchSite ?? '')}, not "same-origin", so it did not come from a page of this dashboard`;
    case 'origin-missing':
      return refused.isUpgrade
        ? 'the WebSocket handshake carries no Origin header'
        : refused.hasProxyIdentity
          ? 'the request asserts a reverse-proxy user but carries no Origin header'
          : 'the request carries the session cookie but no Origin header';
    case 'origin-null':
      return "the request's Origin is null (a sandboxed frame, a local file or a redirect), not this dashboard's origin";
    default:
      return `the request's Origin ${quote(refused.origin ?? '')} is not this dashboard's origin`;
  }
}

/** `origin check failed: <what was wrong>; <how to send it instead>`. */
export function describeOriginRefusal(refused: RefusedOrigin, policy: OriginPolicy): string {
  const own = ownOrigin(policy, refused.requestOrigin);
  const page = own === null ? UNKNOWN_ORIGIN : `Origin ${own}`;
  const login = refused.hasProxyIdentity ? 'the proxy login' : 'the session cookie';
  return `origin check failed: ${describeProblem(refused)}; send it from a page of the dashboard (${page}), or use a bearer token instead of ${login} ${TOKEN_HINT}`;
}
