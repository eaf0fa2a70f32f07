/**
 * HEAD over a real socket (127.0.0.1, port 0): @hono/node-server builds a HEAD answer from the
 * GET response's original init, so headers the security middleware sets afterwards were lost
 * on the wire although app.request() showed them. Each HEAD must carry its GET's headers.
 */
import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { issueToken } from '../../src/auth/api-tokens.js';
import { createTestClock, passwordAuthConfig } from '../support/auth-app.js';
import { requestOnWire, type SocketApp, serveSocketApp } from '../support/socket-app.js';
import { useSuiteTempDir } from '../support/temp.js';

const SECURITY_HEADERS = [
  'content-security-policy',
  'x-content-type-options',
  'referrer-policy',
  'x-frame-options',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'cache-control',
];

// The CSP nonce is fresh for every response: compare the policy with the nonce blanked.
function comparable(headers: Record<string, string>): Record<string, string> {
  const csp = headers['content-security-policy'];
  if (csp === undefined) return headers;
  return { ...headers, 'content-security-policy': csp.replace(/'nonce-[^']+'/g, "'nonce-N'") };
}

describe('HEAD responses over a real socket', () => {
  let running: SocketApp;
  let bearer: string;
  after(() => running.close()); // before the temp dir goes
  const dir = useSuiteTempDir();

  before(async () => {
    running = await serveSocketApp({ stateDir: dir.path, auth: await passwordAuthConfig() });
    const issued = await issueToken(
      dir.path,
      { label: 'head' },
      { fs: fsp, clock: createTestClock() },
    );
    assert.ok(issued.ok);
    bearer = `Bearer ${issued.value.token}`;
  });

  it('HEAD answers with the same status and headers as GET, security headers included', async () => {
    const auth = { authorization: bearer };
    const cases: Array<[string, string, Record<string, string>, number]> = [
      ['API route', '/api/v1/widget', auth, 200],
      ['API route without a supervisor', '/api/v1/bridges', auth, 503],
      ['health', '/healthz', {}, 200],
      ['not found', '/api/v1/nope', auth, 404],
      ['unauthenticated', '/api/v1/bridges', {}, 401],
      ['refused token', '/api/v1/bridges', { authorization: 'Bearer not-a-token' }, 401],
    ];
    for (const [label, path, headers, status] of cases) {
      const url = `${running.origin}${path}`;
      const get = await requestOnWire(url, { headers });
      const head = await requestOnWire(url, { method: 'HEAD', headers });
      assert.equal(get.status, status, `${label}: GET status`);
      assert.equal(head.status, status, `${label}: HEAD status`);
      for (const name of SECURITY_HEADERS) assert.ok(get.headers[name], `${label}: GET ${name}`);
      assert.deepEqual(comparable(head.headers), comparable(get.headers), label);
      assert.equal(head.body, '', `${label}: HEAD has no body`);
    }
  });
});
