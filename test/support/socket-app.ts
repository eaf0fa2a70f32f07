// The real app (real auth services, the real clock) served on 127.0.0.1 port 0, for the tests
// that need a socket: WebSocket handshakes, raw header bytes, chunked bodies.
import { request as httpRequest } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import type { NodeWebSocket } from '@hono/node-ws';
import { type BuiltApp, buildApp } from '../../src/http/app.js';
import { createAuthServices } from '../../src/http/auth-services.js';
import type { AppContext } from '../../src/http/context.js';
import { createAuthApp, createCapturingLogger, FAKE_PASSWORD, readSetCookie } from './auth-app.js';

export interface SocketApp {
  ctx: AppContext;
  built: BuiltApp;
  port: number;
  /** `http://127.0.0.1:<port>`: the base URL, and the Origin the app allows. */
  origin: string;
  /** `ws://127.0.0.1:<port>`. */
  wsBase: string;
  close(): Promise<void>;
}

type WebSocketAdapter = Pick<NodeWebSocket, 'injectWebSocket' | 'wss'>;

export interface SocketAppOptions {
  stateDir: string;
  /** The `auth` config block. */
  auth: Record<string, unknown>;
  /** How often open token sockets are re-checked (default: the production interval). */
  wsTokenCheckMs?: number;
  /** Adds test routes before serving; may return the WebSocket adapter to inject instead of
   * the app's own. */
  extend?(built: BuiltApp): WebSocketAdapter | undefined;
}

/** Serves the app; `close()` drops its sockets and stops the server. */
export async function serveSocketApp(options: SocketAppOptions): Promise<SocketApp> {
  const { ctx } = createAuthApp({
    stateDir: options.stateDir,
    config: { port: 0, auth: options.auth },
    logger: createCapturingLogger(),
  });
  ctx.deps = { ...ctx.deps, clock: { now: () => Date.now() } };
  const { wsTokenCheckMs } = options;
  ctx.authServices = await createAuthServices(ctx, wsTokenCheckMs ? { wsTokenCheckMs } : {});
  const built = buildApp(ctx);
  const sockets = options.extend?.(built) ?? built;
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: built.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  sockets.injectWebSocket(server);
  const port = (server.address() as AddressInfo).port;
  return {
    ctx,
    built,
    port,
    origin: `http://127.0.0.1:${port}`,
    wsBase: `ws://127.0.0.1:${port}`,
    async close() {
      ctx.authServices?.wsRegistry.closeAll();
      for (const client of sockets.wss.clients) client.terminate();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive and half-closed connections would hold close() open (once, under heavy
      // load, until the event loop had nothing left and the suite was cancelled): drop them.
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await closed;
    },
  };
}

/** Logs in over the socket with FAKE_PASSWORD; returns the `Cookie` header value. */
export async function loginOverSocket(origin: string): Promise<string> {
  const response = await fetch(`${origin}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ password: FAKE_PASSWORD }),
  });
  const cookie = readSetCookie(response);
  if (response.status !== 200 || cookie === null)
    throw new Error(`login failed: ${response.status}`);
  return `${cookie.name}=${cookie.value}`;
}

/** A response as sent on the wire (node:http client, so nothing is merged or reordered). */
export interface WireResponse {
  status: number;
  /** Lower-case name → value, without the framing headers Node adds (WIRE_FRAMING). */
  headers: Record<string, string>;
  body: string;
}

/** Framing headers Node writes itself: Date, Connection, Keep-Alive, the body length. */
export const WIRE_FRAMING: ReadonlySet<string> = new Set([
  'date',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
]);

/** Node `rawHeaders` as a lower-case record without WIRE_FRAMING; throws on a repeated name. */
export function readWireHeaders(raw: readonly string[], label: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    if (WIRE_FRAMING.has(name)) continue;
    if (headers[name] !== undefined) throw new Error(`${label}: ${name} sent twice`);
    headers[name] = raw[i + 1] as string;
  }
  return headers;
}

/** One request over a fresh connection (no keep-alive agent). */
export function requestOnWire(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const method = init.method ?? 'GET';
    const req = httpRequest(url, { method, headers: init.headers, agent: false });
    let responded = false;
    req.on('response', (res) => {
      responded = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => {
        const headers = readWireHeaders(res.rawHeaders, `${method} ${url}`);
        resolve({ status: res.statusCode ?? 0, headers, body });
      });
    });
    // A 413 may close the connection while the declared body is still unsent.
    req.on('error', (error) => {
      if (!responded) reject(error);
    });
    req.end(init.body);
  });
}

/** Writes raw request bytes to 127.0.0.1:`port`; resolves with the response's status code. */
export function sendRawRequest(port: number, text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      data += chunk;
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(data);
      if (status) {
        resolve(Number(status[1]));
        socket.destroy();
      }
    });
    socket.on('error', reject);
    socket.on('end', () => resolve(0));
  });
}
