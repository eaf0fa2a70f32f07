/**
 * Connection facts for the security middleware: the TCP peer (never a header), the local
 * port, and every occurrence of a header as sent on the wire (to detect duplicates that
 * the Fetch layer would otherwise join with ", ").
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { normalizePeerAddress } from '../../security/proxy-trust.js';

interface IncomingLike {
  rawHeaders?: unknown;
  socket?: { localPort?: unknown };
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
