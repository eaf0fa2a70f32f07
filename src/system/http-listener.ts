/**
 * The listening side of startServer(): one Node server per bound address, with the slowloris
 * limits (security.md R-DOS-1), and the URL it serves. Invariants: given a checked TLS pair the
 * server is node:https — a configured certificate never falls back to plain http; a close ends
 * within its grace period whatever the clients do (a socket upgraded to a WebSocket, or a TLS
 * connection that never starts its handshake, included).
 */
import type { Server } from 'node:http';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { TlsMaterial } from '../config/tls-rules.js';

// maxHeaderSize only exists as a constructor option; the rest are also set on the instance.
const TIMEOUTS = {
  headersTimeout: 20_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
  maxConnections: 256,
};
const SERVER_OPTIONS = { ...TIMEOUTS, maxHeaderSize: 16 * 1024 };
// A TLS handshake gets no longer than the headers of a plain request (node's default: 120 s).
const HANDSHAKE_TIMEOUT_MS = TIMEOUTS.headersTimeout;

// Every raw socket of a listener made by createListenerServer(), open until its 'close'.
// closeAllConnections() knows only sockets that speak HTTP: not one upgraded to a WebSocket,
// nor (with TLS) one whose handshake has not finished — either would hold server.close().
const OPEN_SOCKETS = new WeakMap<Server, Set<Socket>>();

function trackSockets(server: Server): void {
  const open = new Set<Socket>();
  OPEN_SOCKETS.set(server, open);
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
}

/** Cuts every connection of `server` still open: HTTP ones, then any raw socket tracked. */
function cutConnections(server: Server): void {
  server.closeAllConnections();
  for (const socket of OPEN_SOCKETS.get(server) ?? []) socket.destroy();
}

/** An http (or, with the checked PEM pair `tls`, https) server for `fetch`; not listening yet. */
export function createListenerServer(
  fetch: (request: Request, env: unknown) => Response | Promise<Response>,
  tls: TlsMaterial | null,
): Server {
  const server =
    tls === null
      ? createAdaptorServer({
          fetch,
          createServer: createHttpServer,
          serverOptions: SERVER_OPTIONS,
        })
      : createAdaptorServer({
          fetch,
          createServer: createHttpsServer,
          serverOptions: {
            ...SERVER_OPTIONS,
            cert: tls.cert,
            key: tls.key,
            handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
          },
        });
  const listener = Object.assign(server as Server, TIMEOUTS);
  trackSockets(listener);
  return listener;
}

/** Listens on `host:port`; rejects with the bind error (EADDRINUSE…). */
export function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** How long closeServer() lets in-flight responses finish before it cuts their connections. */
const CLOSE_GRACE_MS = 3_000;

/**
 * Stops listening, drops idle keep-alive connections, and after `graceMs` cuts the connections
 * still open: a client that stops reading (a phone asleep mid-download, a pipelining client
 * that never reads), a WebSocket upgraded after the sockets were closed, or a TLS client that
 * never sends its hello would otherwise hold the close, and so the exit, for long or forever.
 * The grace timer is unref'd: it never keeps the process alive by itself.
 */
export function closeServer(server: Server, options: { graceMs?: number } = {}): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    const cut = setTimeout(() => cutConnections(server), options.graceMs ?? CLOSE_GRACE_MS);
    cut.unref();
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * `http(s)://<address>:<port>` of a bound address. Never root_path: that is the reverse
 * proxy's prefix, which the proxy strips; the listener itself serves at `/`.
 */
export function formatServerUrl(address: AddressInfo, options: { https: boolean }): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${options.https ? 'https' : 'http'}://${host}:${address.port}`;
}
