/**
 * Auth and request security on a real socket (127.0.0.1, port 0) with a real `ws` client:
 * CSWSH handshakes never see 101, logout closes an open WebSocket within 5 s, socket caps,
 * chunked 413, and raw-header cases that app.request() cannot express.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createNodeWebSocket } from '@hono/node-ws';
import WebSocket from 'ws';
import { signProxyRequest } from '../../src/security/proxy-trust.js';
import { addProbeRoutes, passwordAuthConfig } from '../support/auth-app.js';
import { loginOverSocket, type SocketApp, serveSocketApp } from '../support/socket-app.js';
import { useSuiteTempDir } from '../support/temp.js';

const PROXY_SECRET = 'FAKE-proxy-secret-'.padEnd(48, 'q');

/** Serves the real app plus a test WebSocket route at /ws/probe that uses the registry ticket. */
function startApp(stateDir: string, auth: Record<string, unknown>): Promise<SocketApp> {
  return serveSocketApp({
    stateDir,
    auth,
    extend(built) {
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
      return probeWs;
    },
  });
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
  let running: SocketApp;
  let origin: string;
  let wsUrl: string;
  after(() => running.close()); // before the temp dir goes
  const dir = useSuiteTempDir();

  before(async () => {
    running = await startApp(dir.path, await passwordAuthConfig());
    ({ origin } = running);
    wsUrl = `${running.wsBase}/ws/probe`;
  });

  it('CSWSH handshakes never see 101: bad/missing Origin, no cookie, bad cookie', async () => {
    const cookie = await loginOverSocket(origin);
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
    const cookie = await loginOverSocket(origin);
    const opened = await openSocket(wsUrl, { origin, cookie });
    assert.equal(opened.outcome, 'open');
    if (opened.outcome !== 'open') return;
    const closed = new Promise<number>((resolve) =>
      opened.ws.once('close', (code) => resolve(code)),
    );
    const started = Date.now();
    const out = await fetch(`${running.origin}/logout`, {
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
    const cookie = await loginOverSocket(origin);
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
    const cookie = await loginOverSocket(origin);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${running.origin}/api/echo`, {
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
  let running: SocketApp;
  after(() => running.close()); // before the temp dir goes
  const dir = useSuiteTempDir();

  before(async () => {
    const reverse_proxy = {
      enabled: true,
      trusted_ips: ['127.0.0.1'],
      shared_secret: PROXY_SECRET,
    };
    running = await startApp(dir.path, { enabled: true, reverse_proxy });
  });

  /** Raw bytes of a GET /api/whoami by alice, signed with PROXY_SECRET now. */
  function signedWhoami(options: { nonce?: string; identityHeaders?: number } = {}): string {
    const t = Math.floor(Date.now() / 1000);
    const request = { user: 'alice', timestamp: t, method: 'GET', path: '/api/whoami' };
    const mac = signProxyRequest(PROXY_SECRET, { ...request, nonce: options.nonce });
    const nonce = options.nonce === undefined ? '' : `n=${options.nonce},`;
    const identity = 'Remote-User: alice\r\n'.repeat(options.identityHeaders ?? 1);
    return `GET /api/whoami HTTP/1.1\r\nHost: 127.0.0.1\r\n${identity}X-Proxy-Auth: t=${t},${nonce}v1=${mac}\r\nConnection: close\r\n\r\n`;
  }

  it('a signed request from the trusted peer is accepted; the same bytes again are a replay', async () => {
    const raw = signedWhoami();
    assert.match(await rawRequest(running.port, raw), /^HTTP\/1\.1 200 /);
    assert.match(await rawRequest(running.port, raw), /^HTTP\/1\.1 401 /);
  });

  it('a duplicated identity header on the wire is refused', async () => {
    const raw = signedWhoami({ nonce: 'dup-test-1', identityHeaders: 2 });
    assert.match(await rawRequest(running.port, raw), /^HTTP\/1\.1 401 /);
  });
});
