/**
 * One POST over node:http or node:https, pinned to addresses that were already checked
 * (edge; security.md R-SSRF-3). Invariants: the socket connects only to `addresses` (its
 * lookup answers with them, the system resolver is never asked); https verifies the
 * certificate against the URL's host name, which is also the SNI name, as usual; no redirect
 * is followed (node:http never follows one); no socket is pooled or reused; the response
 * body is never read; `signal` aborts the request at any point.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

export interface PinnedPostOptions {
  /** The only addresses the connection may go to (non-empty). */
  addresses: readonly string[];
  headers: Readonly<Record<string, string>>;
  body: string;
  signal: AbortSignal;
}

function familyOf(requested: number | string | undefined): 4 | 6 | null {
  if (requested === 4 || requested === 'IPv4') return 4;
  if (requested === 6 || requested === 'IPv6') return 6;
  return null;
}

/** A `net` lookup that answers every query with `addresses` and nothing else. */
function pinnedLookup(addresses: readonly string[]): LookupFunction {
  const entries = addresses.map((address) => ({
    address,
    family: isIP(address) === 6 ? 6 : 4,
  }));
  return (hostname, options, callback) => {
    const family = familyOf(options.family);
    const answer = family === null ? entries : entries.filter((e) => e.family === family);
    const first = answer[0];
    if (first === undefined) {
      const error: NodeJS.ErrnoException = new Error(`no checked address for ${hostname}`);
      error.code = 'ENOTFOUND';
      callback(error, '', 0);
    } else if (options.all === true) {
      callback(null, answer);
    } else {
      callback(null, first.address, first.family);
    }
  };
}

/** Sends the POST; resolves with the status code as soon as the response head arrives. */
export function postPinned(url: URL, options: PinnedPostOptions): Promise<number> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        headers: { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) },
        agent: false,
        lookup: pinnedLookup(options.addresses),
        signal: options.signal,
      },
      (response: IncomingMessage) => {
        // The body is never read: nothing from the receiver is trusted or logged.
        response.on('error', () => undefined);
        response.destroy();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}
