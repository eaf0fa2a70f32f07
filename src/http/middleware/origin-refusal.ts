/**
 * The message of a 403 `bad-origin`: what was wrong with the request and how to send it so
 * that it passes. Invariant: a header value is shown only as JSON, invisible characters
 * escaped, redacted (an Origin is scheme://host[:port], but the header may hold anything) and
 * cut; the allowed origins come from the config and the listening port, never from the request.
 */
import { normalizeOrigin, type OriginPolicy, type OriginRefusal } from '../../security/origin.js';
import { showTextCut } from '../../security/show-text.js';

export interface RefusedOrigin {
  code: OriginRefusal;
  /** The raw Origin and Sec-Fetch-Site headers, null when absent. */
  origin: string | null;
  secFetchSite: string | null;
  isUpgrade: boolean;
  /** `scheme://Host` of the request: named as the expected origin when the policy allows it. */
  requestOrigin: string | null;
}

const MAX_SHOWN = 80;
const FIX_TAIL =
  'or use a bearer token instead of the session cookie (`clauster api-token issue <label>`)';

function quote(value: string): string {
  return showTextCut(JSON.stringify(value), MAX_SHOWN);
}

// This dashboard's origin as the caller reached it, else the allowed ones (at most three).
function describeExpected(policy: OriginPolicy, requestOrigin: string | null): string {
  const own = requestOrigin === null ? null : normalizeOrigin(requestOrigin);
  if (own !== null && policy.origins.has(own)) return own;
  const all = [...policy.origins].sort();
  if (all.length === 0) return 'listed in auth.allowed_origins, which lists none';
  if (all.length === 1) return all[0] as string;
  return `one of ${all.slice(0, 3).join(', ')}${all.length > 3 ? ', …' : ''}`;
}

function describeProblem(refused: RefusedOrigin): string {
  switch (refused.code) {
    case 'cross-site':
      return `the request's Sec-Fetch-Site is ${quote(refused.secFetchSite ?? '')}, not "same-origin", so it did not come from a page of this dashboard`;
    case 'origin-missing':
      return refused.isUpgrade
        ? 'the WebSocket handshake carries no Origin header'
        : 'the request carries the session cookie but no Origin header';
    case 'origin-null':
      return "the request's Origin is null (a sandboxed frame, a local file or a redirect), not this dashboard's origin";
    default:
      return `the request's Origin ${quote(refused.origin ?? '')} is not this dashboard's origin`;
  }
}

/** `origin check failed: <what was wrong>; <how to send it instead>`. */
export function describeOriginRefusal(refused: RefusedOrigin, policy: OriginPolicy): string {
  const expected = describeExpected(policy, refused.requestOrigin);
  return `origin check failed: ${describeProblem(refused)}; send it from a page of the dashboard (Origin ${expected}), ${FIX_TAIL}`;
}
