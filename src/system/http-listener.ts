/**
 * The listening side of startServer(): one Node server per bound address, with the slowloris
 * limits (security.md R-DOS-1) and the per-peer connection cap (src/security/connection-cap.ts),
 * and the URL it serves. Invariants: given a checked TLS pair the server is node:https — a
 * configured certificate never falls back to plain http; a close ends within its grace period
 * whatever the clients do (a socket upgraded to a WebSocket, or a TLS connection that never
 * starts its handshake, included).
 */
import type { Server } from 'node:http';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { TlsMaterial } from '../config/tls-rules.js';
import {
  createPeerConnectionCap,
  isCapExemptPeer,
  type PeerConnectionCap,
} from '../security/connection-cap.js';
import type { TrustedPeers } from '../security/proxy-trust.js';
import type { Clock, Logger } from './ports.js';

// maxHeaderSize only exists as a constructor option; the rest are also set on the instance.
// The headers and request timeouts are enforced when node checks its connections, every
// connectionsCheckingInterval (node's default: 30 s): at 5 s a connection that never sends its
// headers is closed within headersTimeout + 5 s.
const TIMEOUTS = {
  headersTimeout: 20_000,
  requestTimeout: 30_000,
  keepAliveTimeout: 5_000,
  connectionsCheckingInterval: 5_000,
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

/** What createListenerServer() limits beyond its own global cap. */
export interface ConnectionLimits {
  /** Open connections per client address; share one across a dashboard's listeners. */
  perPeer: PeerConnectionCap;
  logger: Pick<Logger, 'warn'>;
}

/** The limits of a dashboard's listeners: loopback and `trusted` (trusted_ips) uncapped. */
export function createConnectionLimits(
  trusted: TrustedPeers,
  deps: { clock: Clock; logger: Pick<Logger, 'warn'> },
): ConnectionLimits {
  const isExempt = (peer: string | null) => isCapExemptPeer(peer, trusted);
  return { perPeer: createPeerConnectionCap({ isExempt }, deps), logger: deps.logger };
}

// Destroys a connection past its peer's cap (counted until its 'close'); logs refusals and the
// global cap's drops (node's 'drop' event), each at most once per interval.
function capConnections(server: Server, limits: ConnectionLimits): void {
  const { perPeer, logger } = limits;
  server.on('connection', (socket: Socket) => {
    const admission = perPeer.admit(socket.remoteAddress);
    if (admission.admitted) {
      socket.once('close', () => perPeer.release(admission.key));
      return;
    }
    socket.destroy();
    if (admission.warn) {
      logger.warn('connection refused: too many open connections from one address', {
        peer: admission.peer,
        limit: admission.open,
        hint: 'a reverse proxy on another host belongs in auth.reverse_proxy.trusted_ips',
      });
    }
  });
  server.on('drop', (data?: { remoteAddress?: string }) => {
    if (!perPeer.warnGlobalCap()) return;
    logger.warn('connection refused: the listener holds its maximum of open connections', {
      peer: data?.remoteAddress ?? null,
      max: server.maxConnections,
    });
  });
}

/** Cuts every connection of `server` still open: HTTP ones, then any raw socket tracked. */
function cutConnections(server: Server): void {
  server.closeAllConnections();
  for (const socket of OPEN_SOCKETS.get(server) ?? []) socket.destroy();
}

/**
 * An http (or, with the checked PEM pair `tls`, https) server for `fetch`; not listening yet.
 * With `limits`, each client address holds at most its cap of open connections.
 */
export function createListenerServer(
  fetch: (request: Request, env: unknown) => Response | Promise<Response>,
  tls: TlsMaterial | null,
  limits?: ConnectionLimits,
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
  if (limits !== undefined) capConnections(listener, limits);
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
