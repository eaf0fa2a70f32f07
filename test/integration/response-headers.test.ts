/**
 * Headers over a real socket (127.0.0.1, port 0), where the security middleware reads the
 * request headers from Node's raw header list instead of a Fetch Headers object: every kind
 * of response carries exactly the security header set it carries through app.request(), and
 * repeated or padded request headers mean what the Fetch layer made of them.
 */
import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { issueToken } from '../../src/auth/api-tokens.js';
import { buildContentSecurityPolicy } from '../../src/http/middleware/security-headers.js';
import { addProbeRoutes, createTestClock, passwordAuthConfig } from '../support/auth-app.js';
import {
  loginOverSocket,
  readWireHeaders,
  requestOnWire,
  type SocketApp,
  sendRawRequest,
  serveSocketApp,
  type WireResponse,
} from '../support/socket-app.js';
import { useSuiteTempDir } from '../support/temp.js';
import { ensureWebBuild } from '../support/web-build.js';

const JSON_TYPE = 'application/json';
const NO_STORE = 'no-store';

/** The exact security header set for a response whose CSP carries `nonce`. */
function securitySet(nonce: string, cacheControl: string): Record<string, string> {
  return {
    'content-security-policy': buildContentSecurityPolicy(nonce),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'cache-control': cacheControl,
  };
}

function readNonce(headers: Record<string, string>, label: string): string {
  const nonce = /'nonce-([A-Za-z0-9+/]{22}==)'/.exec(headers['content-security-policy'] ?? '');
  assert.ok(nonce?.[1], `${label}: a 128-bit nonce in the CSP`);
  return nonce[1];
}

interface Case {
  label: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  status: number;
  type: string;
  cache?: string;
  extra?: Record<string, string>;
}

describe('response headers over a real socket', () => {
  let running: SocketApp;
  let cookie: string;
  let bearer: string;
  let asset: string;
  after(() => running.close()); // before the temp dir goes
  const dir = useSuiteTempDir();

  before(async () => {
    const dist = await ensureWebBuild();
    const manifest = JSON.parse(await fsp.readFile(join(dist, 'manifest.json'), 'utf8'));
    asset = Object.values(manifest as Record<string, string>).find((n) => n.endsWith('.js')) ?? '';
    running = await serveSocketApp({
      stateDir: dir.path,
      auth: await passwordAuthConfig(),
      extend: (built) => void addProbeRoutes(built.app),
    });
    cookie = await loginOverSocket(running.origin);
    const deps = { fs: fsp, clock: createTestClock() };
    const issued = await issueToken(dir.path, { label: 'headers' }, deps);
    assert.ok(issued.ok);
    bearer = `Bearer ${issued.value.token}`;
  });

  function cases(): Case[] {
    const origin = running.origin;
    const write = { 'content-type': JSON_TYPE, cookie };
    return [
      { label: 'HTML shell', path: '/', status: 200, type: 'text/html; charset=UTF-8' },
      {
        label: 'static asset',
        path: `/assets/${asset}`,
        status: 200,
        type: 'text/javascript; charset=utf-8',
        cache: 'public, max-age=31536000, immutable',
      },
      { label: 'public JSON', path: '/healthz', status: 200, type: JSON_TYPE },
      {
        label: 'session JSON',
        path: '/api/whoami',
        headers: { cookie },
        status: 200,
        type: JSON_TYPE,
      },
      {
        label: 'bearer JSON',
        path: '/api/whoami',
        headers: { authorization: bearer },
        status: 200,
        type: JSON_TYPE,
      },
      { label: 'not found', path: '/api/nope', headers: { cookie }, status: 404, type: JSON_TYPE },
      { label: 'unauthenticated', path: '/api/whoami', status: 401, type: JSON_TYPE },
      {
        label: 'bad origin',
        path: '/api/echo',
        method: 'POST',
        headers: { ...write, origin: 'http://evil.test' },
        body: '{}',
        status: 403,
        type: JSON_TYPE,
      },
      {
        label: 'too large',
        path: '/api/echo',
        method: 'POST',
        headers: { ...write, origin, 'content-length': String(2 * 1024 * 1024) },
        status: 413,
        type: JSON_TYPE,
      },
      {
        label: 'redirect',
        path: '/probe/redirect',
        headers: { cookie },
        status: 302,
        type: 'text/plain; charset=UTF-8',
        extra: { location: '/' },
      },
      {
        label: 'Response.redirect()',
        path: '/probe/raw-redirect',
        headers: { cookie },
        status: 302,
        type: 'text/plain; charset=UTF-8',
        extra: { location: 'http://localhost/' },
      },
    ];
  }

  it('every kind of response carries exactly the security header set, fresh nonce each', async () => {
    const nonces = new Set<string>();
    for (const c of cases()) {
      const response = await requestOnWire(`${running.origin}${c.path}`, c);
      assert.equal(response.status, c.status, c.label);
      const nonce = readNonce(response.headers, c.label);
      nonces.add(nonce);
      const expected = { ...securitySet(nonce, c.cache ?? NO_STORE), 'content-type': c.type };
      assert.deepEqual(response.headers, { ...expected, ...c.extra }, c.label);
      if (c.label === 'HTML shell') assert.ok(response.body.includes(`nonce="${nonce}"`));
    }
    assert.equal(nonces.size, cases().length);
  });

  it('app.request() sees the same security headers as the socket for each request', async () => {
    for (const c of cases()) {
      if (c.label === 'too large') continue; // a Fetch Request cannot declare a body it lacks
      const response = await running.built.app.request(c.path, {
        method: c.method ?? 'GET',
        headers: c.headers,
        body: c.body,
      });
      assert.equal(response.status, c.status, c.label);
      const headers = readWireHeaders([...response.headers].flat(), c.label);
      const nonce = readNonce(headers, c.label);
      for (const [name, value] of Object.entries(securitySet(nonce, c.cache ?? NO_STORE))) {
        assert.equal(headers[name], value, `${c.label}: ${name}`);
      }
      assert.equal(headers['strict-transport-security'], undefined, c.label);
    }
  });

  it('a throttled request (429) carries the same set plus Retry-After', async () => {
    const own = await loginOverSocket(running.origin);
    let response: WireResponse | undefined;
    for (let i = 0; i < 200 && response?.status !== 429; i += 1) {
      response = await requestOnWire(`${running.origin}/api/whoami`, { headers: { cookie: own } });
    }
    assert.ok(response && response.status === 429, 'the per-session budget ran out');
    const retryAfter = response.headers['retry-after'] ?? '';
    assert.match(retryAfter, /^\d+$/);
    const nonce = readNonce(response.headers, '429');
    const expected = { ...securitySet(nonce, NO_STORE), 'content-type': JSON_TYPE };
    assert.deepEqual(response.headers, { ...expected, 'retry-after': retryAfter });
  });

  it('repeated and padded request headers mean what the Fetch layer made of them', async () => {
    const head = (lines: string): string =>
      `GET /api/whoami HTTP/1.1\r\nHost: 127.0.0.1:${running.port}\r\n${lines}Connection: close\r\n\r\n`;
    const cases: Array<[string, string, number]> = [
      ['one bearer token', `Authorization: ${bearer}\r\n`, 200],
      // Fetch joins repeats with ", ": "Bearer t, Bearer t" is not a token (Node would keep one).
      ['the bearer token twice', `Authorization: ${bearer}\r\nAuthorization: ${bearer}\r\n`, 401],
      // Fetch joins Cookie lines with "; ", so the session in the second line still counts.
      ['the session in a second Cookie line', `Cookie: theme=dark\r\nCookie: ${cookie}\r\n`, 200],
      ['a padded Cookie value', `Cookie: \t${cookie} \t\r\n`, 200],
    ];
    for (const [label, lines, status] of cases) {
      assert.equal(await sendRawRequest(running.port, head(lines)), status, label);
    }
  });
});
