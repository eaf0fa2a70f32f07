/**
 * The origin gate on a real socket behind a reverse-proxy setup (trusted peer 127.0.0.1, HMAC
 * secret, a public origin): a proxy-asserted write needs an Origin like a cookie write does,
 * and a refusal never tells a stranger the configured public origin.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { signProxyRequest } from '../../src/security/proxy-trust.js';
import { addProbeRoutes } from '../support/auth-app.js';
import { type SocketApp, serveSocketApp } from '../support/socket-app.js';
import { useSuiteTempDir } from '../support/temp.js';

const PROXY_SECRET = 'FAKE-proxy-secret-'.padEnd(48, 'o');
const PUBLIC_ORIGIN = 'https://clauster.example.com';

interface Answer {
  status: number;
  body: string;
}

/** A JSON POST from this process (peer 127.0.0.1) with exactly `headers` (Host included). */
function postTo(port: number, path: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method: 'POST', agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    for (const [name, value] of Object.entries(headers)) req.setHeader(name, value);
    req.setHeader('content-type', 'application/json');
    req.end('{}');
  });
}

describe('origin gate over a real socket behind a reverse proxy', () => {
  let running: SocketApp;
  after(() => running.close()); // before the temp dir goes
  const dir = useSuiteTempDir();
  let nonce = 0;

  before(async () => {
    const reverse_proxy = {
      enabled: true,
      trusted_ips: ['127.0.0.1'],
      shared_secret: PROXY_SECRET,
    };
    running = await serveSocketApp({
      stateDir: dir.path,
      auth: { enabled: true, allowed_origins: [PUBLIC_ORIGIN], reverse_proxy },
      extend(built) {
        addProbeRoutes(built.app);
        return undefined;
      },
    });
  });

  /** The identity headers a proxy adds for alice on POST `path`, signed now. */
  function signed(path: string): Record<string, string> {
    const t = Math.floor(Date.now() / 1000);
    nonce += 1;
    const n = `origin-socket-${nonce}`;
    const mac = signProxyRequest(PROXY_SECRET, {
      user: 'alice',
      timestamp: t,
      method: 'POST',
      path,
      nonce: n,
    });
    return { 'remote-user': 'alice', 'x-proxy-auth': `t=${t},n=${n},v1=${mac}` };
  }

  it('a signed proxy write without Origin is refused; with the public Origin it passes', async () => {
    const host = { host: 'clauster.example.com' };
    const missing = await postTo(running.port, '/api/echo', { ...host, ...signed('/api/echo') });
    assert.equal(missing.status, 403, missing.body);
    assert.match(missing.body, /"code":"bad-origin"/);
    assert.match(missing.body, /asserts a reverse-proxy user but carries no Origin header/);
    const withOrigin = { ...host, ...signed('/api/echo'), origin: PUBLIC_ORIGIN };
    const passed = await postTo(running.port, '/api/echo', withOrigin);
    assert.equal(passed.status, 200, passed.body);
  });

  it('a foreign Origin sent to a LAN address learns no configured origin', async () => {
    const headers = { host: `192.168.1.4:${running.port}`, origin: 'http://evil.example' };
    const lan = await postTo(running.port, '/login', headers);
    assert.equal(lan.status, 403, lan.body);
    assert.match(lan.body, /"code":"bad-origin"/);
    assert.match(lan.body, /Origin \\"http:\/\/evil\.example\\" is not/);
    assert.match(lan.body, /auth\.allowed_origins/);
    assert.ok(!lan.body.includes('clauster.example.com'), lan.body);
    assert.ok(!lan.body.includes('127.0.0.1'), lan.body);
    const named = await postTo(running.port, '/login', {
      ...headers,
      host: 'clauster.example.com',
    });
    assert.equal(named.status, 403, named.body);
    assert.match(named.body, /\(Origin https:\/\/clauster\.example\.com\)/);
  });
});
