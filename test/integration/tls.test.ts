/**
 * Native TLS end to end: startServer() with a certificate made by openssl at test time serves
 * https and wss on 127.0.0.1 port 0 — /healthz verified against that CA, a login cookie
 * marked Secure (cookie_secure: auto), an authenticated WebSocket over wss — and never plain
 * http on the same port.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { configSchema } from '../../src/config/schema.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { createSilentLogger } from '../../src/system/logger.js';
import { createNodeDeps } from '../../src/system/node.js';
import { FAKE_PASSWORD, passwordAuthConfig } from '../support/auth-app.js';
import { useSuiteTempDir } from '../support/temp.js';
import { makeTestCert } from '../support/tls-cert.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One https request that trusts only `ca` (the test's own certificate). */
function fetchTls(
  url: string,
  init: { ca: Buffer; method?: string; headers?: Record<string, string>; body?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, {
      method: init.method ?? 'GET',
      headers: init.headers,
      ca: init.ca,
    });
    req.once('error', reject);
    req.once('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.end(init.body);
  });
}

/** A plain-http GET: resolves with the status, or 'no-http' when the socket is not http. */
function fetchPlain(url: string): Promise<number | 'no-http'> {
  return new Promise((resolve) => {
    const req = httpRequest(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.setTimeout(5_000, () => req.destroy());
    req.once('error', () => resolve('no-http'));
    req.end();
  });
}

type Handshake = { outcome: 'open'; first: string } | { outcome: 'refused'; status: number };

function openWss(
  url: string,
  options: { ca: Buffer; headers: Record<string, string> },
): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { ca: options.ca, headers: options.headers });
    ws.once('message', (data) => {
      resolve({ outcome: 'open', first: String(data) });
      ws.close();
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve({ outcome: 'refused', status: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

describe('startServer() with tls.cert_file and tls.key_file', () => {
  const home = useSuiteTempDir();
  let server: RunningServer;
  let ca: Buffer;
  let origin: string;

  before(async () => {
    const cert = await makeTestCert(home.path);
    ca = await readFile(cert.certFile);
    const config = configSchema.parse({
      port: 0,
      state_dir: join(home.path, '.clauster'),
      auth: await passwordAuthConfig(),
      tls: { cert_file: cert.certFile, key_file: cert.keyFile },
    });
    const deps = createNodeDeps({ HOME: home.path, PATH: process.env.PATH ?? '' });
    server = await startServer(config, deps, { logger: createSilentLogger() });
    origin = server.url;
  });
  after(() => server?.close());

  it('startServer() prints an https URL and serves /healthz over TLS with HSTS', async () => {
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const answer = await fetchTls(`${server.url}/healthz`, { ca });
    assert.equal(answer.status, 200);
    assert.deepEqual(JSON.parse(answer.body), { status: 'ok' });
    assert.match(String(answer.headers['strict-transport-security']), /max-age=\d+/);
  });

  it('startServer() does not answer plain http on the TLS port', async () => {
    const plain = await fetchPlain(`${server.url.replace(/^https:/, 'http:')}/healthz`);
    assert.notEqual(plain, 200);
  });

  it('startServer() marks the login cookie Secure (__Host-) and opens an authenticated wss', async () => {
    const login = await fetchTls(`${server.url}/login`, {
      ca,
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ password: FAKE_PASSWORD }),
    });
    assert.equal(login.status, 200, login.body);
    const setCookie = String(login.headers['set-cookie'] ?? '');
    assert.match(setCookie, /^__Host-clauster_session_[0-9a-f]{8}=/);
    assert.match(setCookie, /; Secure(;|$)/);
    const cookie = setCookie.split(';')[0] ?? '';

    const wsUrl = `${server.url.replace(/^https:/, 'wss:')}/ws/events`;
    const opened = await openWss(wsUrl, { ca, headers: { origin, cookie } });
    assert.equal(opened.outcome, 'open');
    if (opened.outcome === 'open') assert.equal(JSON.parse(opened.first).type, 'snapshot');

    const anonymous = await openWss(wsUrl, { ca, headers: { origin } });
    assert.deepEqual(anonymous, { outcome: 'refused', status: 401 });
  });
});
