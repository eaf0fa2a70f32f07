/**
 * The `--url` of the dashboard commands, checked before anything is sent. Invariant: a URL
 * the CLI calls is an absolute http(s) URL with no user name or password (the token travels
 * only in the Authorization header: --token, CLAUSTER_TOKEN or CLAUSTER_TOKEN_FILE), and one
 * shown in a message never carries its user part, password, query or fragment.
 */
import { fail, ok, type Result } from '../result.js';
import { REDACTED, redactText } from '../security/redact.js';

const MAX_SHOWN_CHARS = 200;
/** Text without whitespace or `/` before an `@`: a user name and password, as far as we know. */
const USERINFO_RE = /[^\s/@]+@/g;

const EXPECTED =
  "expected an absolute http:// or https:// URL of the dashboard such as http://127.0.0.1:7621 (a path prefix like https://host/clauster is kept), or leave --url out to use the config's host and port";

/**
 * `raw` as a message may show it: the user part, password, query and fragment of a URL
 * replaced by `<redacted>` (in text that is no URL, anything user-part shaped before an `@`),
 * long text cut, then redacted.
 */
export function hideUrlSecrets(raw: string): string {
  const url = URL.canParse(raw) ? new URL(raw) : null;
  const user = url !== null && (url.username !== '' || url.password !== '');
  // Not a URL the parser splits (`user:pw@host`, `//user:pw@host`, `http//user:pw@host`):
  // whatever looks like a user part is hidden all the same, before any cut could split it.
  const hidden = raw.replace(USERINFO_RE, `${REDACTED}@`);
  let shown = hidden.length > MAX_SHOWN_CHARS ? `${hidden.slice(0, MAX_SHOWN_CHARS)}…` : hidden;
  if (url !== null && (user || url.search !== '' || url.hash !== '')) {
    const query = url.search === '' ? '' : `?${REDACTED}`;
    const fragment = url.hash === '' ? '' : `#${REDACTED}`;
    const authority = `//${user ? `${REDACTED}@` : ''}${url.host}`;
    shown = `${url.protocol}${authority}${url.pathname}${query}${fragment}`;
  }
  return redactText(shown);
}

/** A URL as a usage error quotes it, its secrets hidden (hideUrlSecrets). */
export function showDashboardUrl(raw: string): string {
  return JSON.stringify(hideUrlSecrets(raw));
}

/**
 * The base URL `raw` (a --url value) names: origin plus any path prefix, without a trailing
 * slash, so `${base}/api/…` reaches the API. Refused (with the fix) when it is not an absolute
 * http(s) URL, or carries a user name, password, query or fragment.
 */
export function parseDashboardUrl(raw: string): Result<string, 'invalid-option'> {
  const shown = showDashboardUrl(raw);
  if (!URL.canParse(raw)) return fail('invalid-option', `--url ${shown}: ${EXPECTED}`);
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail('invalid-option', `--url ${shown}: ${EXPECTED}`);
  }
  // Why refuse rather than strip: a user:password in the URL is a secret typed in the wrong
  // place; fetch would refuse it anyway, and it must not sit in shell history unnoticed.
  if (url.username !== '' || url.password !== '') {
    return fail(
      'invalid-option',
      `--url ${shown}: must not hold a user name or password; pass the API token with --token, CLAUSTER_TOKEN or CLAUSTER_TOKEN_FILE`,
    );
  }
  if (url.search !== '' || url.hash !== '') {
    return fail(
      'invalid-option',
      `--url ${shown}: must not have a query (?…) or fragment (#…); give only the dashboard's base URL, such as https://host/clauster`,
    );
  }
  return ok(`${url.origin}${url.pathname.replace(/\/+$/, '')}`);
}
