// The real app (real auth services, the real clock) served on 127.0.0.1 port 0, for the tests
// that need a socket: WebSocket handshakes, raw header bytes, chunked bodies.
import type { AddressInfo } from 'node:net';
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
  ctx.authServices = await createAuthServices(ctx);
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
      await new Promise<void>((resolve) => server.close(() => resolve()));
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
