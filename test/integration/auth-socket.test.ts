/**
 * Auth and request security on a real socket (127.0.0.1, port 0) with a real `ws` client:
 * CSWSH handshakes never see 101, logout closes an open WebSocket within 5 s, socket caps,
 * chunked 413, and raw-header cases that app.request() cannot express.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { type ServerType, serve } from '@hono/node-server';
import { createNodeWebSocket } from '@hono/node-ws';
import WebSocket from 'ws';
import { buildApp } from '../../src/http/app.js';
import { createAuthServices } from '../../src/http/auth-services.js';
import { signProxyRequest } from '../../src/security/proxy-trust.js';
import {
  addProbeRoutes,
  createAuthApp,
  createCapturingLogger,
  FAKE_PASSWORD,
  fakePasswordHash,
  readSetCookie,
} from '../support/auth-app.js';
import { makeTempDir } from '../support/temp.js';

const PROXY_SECRET = 'FAKE-proxy-secret-'.padEnd(48, 'q');

interface Running {
  base: string;
  port: number;
  close(): Promise<void>;
}

/** Serves the real app plus a test WebSocket route at /ws/probe that uses the registry ticket. */
async function startApp(stateDir: string, auth: Record<string, unknown>): Promise<Running> {
  const { ctx } = createAuthApp({
    stateDir,
    config: { port: 0, auth },
    logger: createCapturingLogger(),
  });
  ctx.deps = { ...ctx.deps, clock: { now: () => Date.now() } };
  ctx.authServices = await createAuthServices(ctx);
  const built = buildApp(ctx);
  addProbeRoutes(built.app);
  const probeWs = createNodeWebSocket({ app: built.app });
  probeWs.wss.options.maxPayload = 1 << 20;
  built.app.get(
    '/ws/probe',
    probeWs.upgradeWebSocket((c) => {
      const ticket = c.get('wsTicket');
      return {
        onOpen: (_event, ws) => {
          ticket.attach(ws);
          ws.send('hello');
        },
        onClose: () => ticket.release(),
      };
    }),
  );
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: built.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  probeWs.injectWebSocket(server);
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      ctx.authServices?.wsRegistry.closeAll();
      for (const client of probeWs.wss.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type Handshake = { outcome: 'open'; ws: WebSocket } | { outcome: 'refused'; status: number };

function openSocket(url: string, headers: Record<string, string>): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve({ outcome: 'open', ws }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ outcome: 'refused', status: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.once('error', (error) => reject(error));
  });
}

async function login(base: string, origin: string): Promise<string> {
  const response = await fetch(`${base}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ password: FAKE_PASSWORD }),
  });
  const cookie = readSetCookie(response);
  assert.equal(response.status, 200);
  assert.ok(cookie);
  return `${cookie.name}=${cookie.value}`;
}

/** Sends raw bytes and returns the first response line. */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      data += chunk;
      if (data.includes('\r\n')) {
        resolve(data.split('\r\n')[0] ?? '');
        socket.destroy();
      }
    });
    socket.on('error', reject);
    socket.on('end', () => resolve(data.split('\r\n')[0] ?? ''));
  });
}

describe('auth over a real socket', () => {
  let dir: { path: string; cleanup(): Promise<void> };
  let running: Running;
  let origin: string;
  let wsUrl: string;

  before(async () => {
    dir = await makeTempDir();
    const auth = {
      enabled: true,
      password_required: true,
      password_hash: await fakePasswordHash(),
    };
    running = await startApp(dir.path, auth);
    origin = `http://127.0.0.1:${running.port}`;
    wsUrl = `ws://127.0.0.1:${running.port}/ws/probe`;
  });
  after(async () => {
    await running.close();
    await dir.cleanup();
  });

  it('CSWSH handshakes never see 101: bad/missing Origin, no cookie, bad cookie', async () => {
    const cookie = await login(running.base, origin);
    const cases: Array<[string, Record<string, string>, number]> = [
      ['foreign Origin with a valid cookie', { origin: 'http://evil.test', cookie }, 403],
      ['look-alike Origin', { origin: `${origin}.evil.test`, cookie }, 403],
      ['other port', { origin: `http://127.0.0.1:${running.port + 1}`, cookie }, 403],
      ['Origin null', { origin: 'null', cookie }, 403],
      ['no Origin with a valid cookie', { cookie }, 403],
      ['allowed Origin, no cookie', { origin }, 401],
      ['allowed Origin, tampered cookie', { origin, cookie: `${cookie}x` }, 401],
      ['cross-site fetch metadata', { origin, cookie, 'sec-fetch-site': 'cross-site' }, 403],
    ];
    for (const [label, headers, status] of cases) {
      const result = await openSocket(wsUrl, headers);
      assert.equal(result.outcome, 'refused', label);
      if (result.outcome === 'refused') assert.equal(result.status, status, label);
    }
    const good = await openSocket(wsUrl, { origin, cookie });
    assert.equal(good.outcome, 'open');
    if (good.outcome === 'open') good.ws.terminate();
  });

  it('logout closes an open WebSocket of that session within 5 s (code 4401)', async () => {
    const cookie = await login(running.base, origin);
    const opened = await openSocket(wsUrl, { origin, cookie });
    assert.equal(opened.outcome, 'open');
    if (opened.outcome !== 'open') return;
    const closed = new Promise<number>((resolve) =>
      opened.ws.once('close', (code) => resolve(code)),
    );
    const started = Date.now();
    const out = await fetch(`${running.base}/logout`, {
      method: 'POST',
      headers: { origin, cookie },
    });
    assert.equal(out.status, 200);
    const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(-1), 5_000).unref());
    assert.equal(await Promise.race([closed, timeout]), 4401);
    assert.ok(Date.now() - started < 5_000);
    const again = await openSocket(wsUrl, { origin, cookie });
    assert.equal(again.outcome, 'refused');
  });

  it('a 17th socket of one session is refused with 429 before 101', async () => {
    const cookie = await login(running.base, origin);
    const sockets: WebSocket[] = [];
    try {
      for (let i = 0; i < 16; i += 1) {
        const result = await openSocket(wsUrl, { origin, cookie });
        assert.equal(result.outcome, 'open', `socket ${i}`);
        if (result.outcome === 'open') sockets.push(result.ws);
      }
      const extra = await openSocket(wsUrl, { origin, cookie });
      assert.deepEqual(extra, { outcome: 'refused', status: 429 });
    } finally {
      for (const ws of sockets) ws.terminate();
    }
  });

  it('a chunked body over 1 MiB gets 413 without Content-Length', async () => {
    const cookie = await login(running.base, origin);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${running.base}/api/echo`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin,
          cookie,
          'transfer-encoding': 'chunked',
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
      });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = (): void => {
        while (sent <= 1024 * 1024 + chunk.length) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    assert.equal(status, 413);
  });

  it('Transfer-Encoding together with Content-Length is refused with 400', async () => {
    const line = await rawRequest(
      running.port,
      `POST /api/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: ${origin}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
    );
    assert.match(line, /^HTTP\/1\.1 400 /);
  });

  it('a Host naming a foreign DNS name is refused (DNS rebinding)', async () => {
    const line = await rawRequest(
      running.port,
      'GET /healthz HTTP/1.1\r\nHost: rebind.evil.test\r\nConnection: close\r\n\r\n',
    );
    assert.match(line, /^HTTP\/1\.1 403 /);
  });
});

describe('reverse-proxy auth over a real socket', () => {
  let dir: { path: string; cleanup(): Promise<void> };
  let running: Running;

  before(async () => {
    dir = await makeTempDir();
    const reverse_proxy = {
      enabled: true,
      trusted_ips: ['127.0.0.1'],
      shared_secret: PROXY_SECRET,
    };
    running = await startApp(dir.path, { enabled: true, reverse_proxy });
  });
  after(async () => {
    await running.close();
    await dir.cleanup();
  });

  it('a signed request from the trusted peer is accepted; the same bytes again are a replay', async () => {
    const t = Math.floor(Date.now() / 1000);
    const mac = signProxyRequest(PROXY_SECRET, {
      user: 'alice',
      timestamp: t,
      method: 'GET',
      path: '/api/whoami',
    });
    const raw = `GET /api/whoami HTTP/1.1\r\nHost: 127.0.0.1\r\nRemote-User: alice\r\nX-Proxy-Auth: t=${t},v1=${mac}\r\nConnection: close\r\n\r\n`;
    assert.match(await rawRequest(running.port, raw), /^HTTP\/1\.1 200 /);
    assert.match(await rawRequest(running.port, raw), /^HTTP\/1\.1 401 /);
  });

  it('a duplicated identity header on the wire is refused', async () => {
    const t = Math.floor(Date.now() / 1000);
    const mac = signProxyRequest(PROXY_SECRET, {
      user: 'alice',
      timestamp: t,
      method: 'GET',
      path: '/api/whoami',
      nonce: 'dup-test-1',
    });
    const raw = `GET /api/whoami HTTP/1.1\r\nHost: 127.0.0.1\r\nRemote-User: alice\r\nRemote-User: alice\r\nX-Proxy-Auth: t=${t},n=dup-test-1,v1=${mac}\r\nConnection: close\r\n\r\n`;
    assert.match(await rawRequest(running.port, raw), /^HTTP\/1\.1 401 /);
  });
});
