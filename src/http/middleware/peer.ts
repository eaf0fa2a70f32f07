/**
 * Connection facts for the security middleware: the TCP peer (never a header), the local
 * port, and the request headers as sent on the wire — every occurrence (to detect duplicates
 * that the Fetch layer would otherwise join with ", "), or joined exactly as Fetch joins them.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { normalizePeerAddress } from '../../security/proxy-trust.js';

interface IncomingLike {
  rawHeaders?: unknown;
  socket?: { localPort?: unknown; encrypted?: unknown };
}

// A connection's peer never changes: normalise it once per socket, not once per request.
const peerBySocket = new WeakMap<object, string | null>();

function incoming(c: Context): IncomingLike | null {
  const env = c.env as
    | { incoming?: IncomingLike; server?: { incoming?: IncomingLike } }
    | undefined;
  return env?.server?.incoming ?? env?.incoming ?? null;
}

/** The normalised peer address (`::ffff:10.0.0.1` → `10.0.0.1`), or null without a socket. */
export function getPeerAddress(c: Context): string | null {
  const socket = incoming(c)?.socket;
  if (socket === undefined) return null;
  const known = peerBySocket.get(socket);
  if (known !== undefined) return known;
  let peer: string | null;
  try {
    peer = normalizePeerAddress(getConnInfo(c).remote.address);
  } catch {
    peer = null;
  }
  peerBySocket.set(socket, peer);
  return peer;
}

/** The local port this connection arrived on, or null without a socket. */
export function getLocalPort(c: Context): number | null {
  const port = incoming(c)?.socket?.localPort;
  return typeof port === 'number' ? port : null;
}

/**
 * True when the connection itself is TLS (native https). Read from the socket, not the URL:
 * @hono/node-ws rebuilds a handshake's URL on a fixed `http://localhost` base.
 */
export function isEncryptedConnection(c: Context): boolean {
  return incoming(c)?.socket?.encrypted === true;
}

/** Every value of header `name`, one entry per occurrence on the wire. */
export function getHeaderValues(c: Context, name: string): string[] {
  const raw = incoming(c)?.rawHeaders;
  if (Array.isArray(raw)) {
    const wanted = name.toLowerCase();
    const values: string[] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) {
      if (String(raw[i]).toLowerCase() === wanted) values.push(String(raw[i + 1]));
    }
    return values;
  }
  const value = c.req.header(name);
  return value === undefined ? [] : [value];
}

function isHttpWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** `value` without leading and trailing HTTP whitespace (Fetch's header value normalisation). */
function normalizeHeaderValue(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isHttpWhitespace(value.charCodeAt(start))) start++;
  while (end > start && isHttpWhitespace(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

/**
 * What `new Headers(pairs).get(name)` returns for a Node raw header list (`[name, value, …]`,
 * as @hono/node-server builds the request's Headers from it): every occurrence trimmed and
 * joined in wire order by ", " (Cookie by "; "); undefined when absent. `name` must be a
 * lower-case header name (an HTTP/2 pseudo-header, which node-server leaves out, never matches).
 */
export function joinRawHeader(rawHeaders: readonly string[], name: string): string | undefined {
  let joined: string | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const key = rawHeaders[i] as string;
    if (key.length !== name.length || key.toLowerCase() !== name) continue;
    const value = normalizeHeaderValue(rawHeaders[i + 1] as string);
    joined = joined === undefined ? value : `${joined}${name === 'cookie' ? '; ' : ', '}${value}`;
  }
  return joined;
}

/**
 * Request header `name` (lower case), equal to `c.req.header(name)`. For a request that
 * @hono/node-server built from a socket (it passes `{ incoming, outgoing }`) it is read from
 * the raw header list, so the middleware never makes the request build a Fetch Headers object
 * (the validation of every header, the cookie's included, on every request). A WebSocket
 * handshake (@hono/node-ws builds its Headers from Node's de-duplicated `headers` object, with
 * no `outgoing`) and `app.request()` keep the Fetch path.
 */
export function getHeader(c: Context, name: string): string | undefined {
  const env = c.env as { incoming?: { rawHeaders?: unknown }; outgoing?: unknown } | undefined;
  const raw = env?.outgoing === undefined ? undefined : env.incoming?.rawHeaders;
  return Array.isArray(raw) ? joinRawHeader(raw, name) : c.req.header(name);
}
