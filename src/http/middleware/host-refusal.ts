/**
 * The message of a 403 `bad-host` (the DNS-rebinding guard, security.md "Host check"): the
 * Host the caller sent and how to be served. Invariant: the Host is shown only as JSON,
 * invisible characters escaped, redacted and cut (the caller sent it, so showing it leaks
 * nothing); the check runs before auth, so the configured origins are never listed.
 */
import { showTextCut } from '../../security/show-text.js';

const MAX_SHOWN = 80;
// host[:port] as an origin can hold it: a DNS name or a bracketed IPv6 literal (lowercased).
const HOST_SHAPE = /^(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

function quote(value: string): string {
  return showTextCut(JSON.stringify(value), MAX_SHOWN);
}

/** `host not allowed: <the Host sent>; <how to be served>`. */
export function describeHostRefusal(host: string | null): string {
  if (host === null || host === '') {
    return 'host not allowed: the request carries no Host header; send the address the dashboard is opened at';
  }
  const lower = host.toLowerCase();
  const origin = HOST_SHAPE.test(lower) ? quote(`https://${lower}`) : '"https://<host>[:port]"';
  return `host not allowed: the request's Host ${quote(host)} is not an IP address, localhost or the host of an origin in auth.allowed_origins (the DNS-rebinding guard); add ${origin} to auth.allowed_origins (the address the browser opens; http:// if it is served without TLS), or open the dashboard by its IP address`;
}
