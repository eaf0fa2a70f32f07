/**
 * A 403 bad-origin says what was wrong (which header, which value, quoted and redacted) and
 * how to send the request so that it passes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeOriginRefusal } from '../../../src/http/middleware/origin-refusal.js';
import { addLoopbackOrigins, buildOriginPolicy } from '../../../src/security/origin.js';
import {
  createPasswordApp,
  createProbeApp,
  loginCookie,
  readJson,
} from '../../support/auth-app.js';
import { useTempDir } from '../../support/temp.js';

const dir = useTempDir();
const REFUSED = {
  code: 'origin-not-allowed' as const,
  origin: 'http://evil.example',
  secFetchSite: null,
  isUpgrade: false,
  hasProxyIdentity: false,
  requestOrigin: null as string | null,
};
const FIX =
  '; send it from a page of the dashboard (Origin http://127.0.0.1:7621), or use a bearer token instead of the session cookie (`clauster api-token issue <label>`)';

function post(headers: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: '{}',
  };
}

async function refusal(response: Response): Promise<string> {
  assert.equal(response.status, 403);
  const { error } = await readJson(response);
  assert.equal(error?.code, 'bad-origin');
  return String(error?.message);
}

describe('originGate() messages', () => {
  it('originGate() names the wrong Origin or Sec-Fetch-Site and the origin to send', async () => {
    const { app } = await createPasswordApp({ stateDir: dir.path });
    const cookie = await loginCookie(app);
    const url = 'http://127.0.0.1:7621/api/echo';
    const cases: Array<[Record<string, string>, string]> = [
      [
        { origin: 'http://evil.example' },
        `origin check failed: the request's Origin "http://evil.example" is not this dashboard's origin${FIX}`,
      ],
      [
        { origin: 'null' },
        `origin check failed: the request's Origin is null (a sandboxed frame, a local file or a redirect), not this dashboard's origin${FIX}`,
      ],
      [
        { cookie },
        `origin check failed: the request carries the session cookie but no Origin header${FIX}`,
      ],
      [
        { origin: 'http://127.0.0.1:7621', 'sec-fetch-site': 'cross-site' },
        `origin check failed: the request's Sec-Fetch-Site is "cross-site", not "same-origin", so it did not come from a page of this dashboard${FIX}`,
      ],
    ];
    for (const [headers, message] of cases) {
      assert.equal(await refusal(await app.request(url, post(headers))), message);
    }
  });

  it('originGate() shows a foreign Origin redacted and with invisible characters escaped', async () => {
    const { app } = createProbeApp({ stateDir: dir.path });
    const secret = await refusal(
      await app.request('/api/echo', post({ origin: 'https://u:FAKEpw1@evil.example' })),
    );
    assert.ok(!secret.includes('FAKEpw1'), secret);
    assert.match(secret, /Origin "https:\/\/u:<redacted>@evil\.example"/);
    const long = await refusal(
      await app.request('/api/echo', post({ origin: `http://${'a'.repeat(200)}` })),
    );
    assert.match(long, /Origin "http:\/\/a{60,}…" is not/);
  });

  it('originGate() tells a stranger no configured origin, only the one its Host names', async () => {
    const { app } = await createPasswordApp({
      stateDir: dir.path,
      auth: { allowed_origins: ['https://clauster.example.com'] },
    });
    const evil = post({ origin: 'http://evil.example' });
    const lan = await refusal(await app.request('http://192.168.1.4:7621/login', evil));
    assert.equal(
      lan,
      'origin check failed: the request\'s Origin "http://evil.example" is not this dashboard\'s origin; send it from a page of the dashboard (its Origin header must be an origin listed in auth.allowed_origins), or use a bearer token instead of the session cookie (`clauster api-token issue <label>`)',
    );
    for (const url of ['http://clauster.example.com/login', 'https://clauster.example.com/login']) {
      const named = await refusal(await app.request(url, evil));
      assert.match(named, /\(Origin https:\/\/clauster\.example\.com\), or use/, url);
    }
  });

  it('describeOriginRefusal() escapes invisible characters in the refused value', () => {
    const built = buildOriginPolicy({ allowedOrigins: ['https://dash.example'] });
    assert.ok(built.ok);
    const refused = { ...REFUSED, origin: 'https://dash.example\u202e' };
    const message = describeOriginRefusal(refused, built.value);
    assert.match(message, /Origin "https:\/\/dash\.example\\u202e" is not/);
    const cut = describeOriginRefusal(
      { ...refused, origin: `http://${'a'.repeat(68)}\u202eb` },
      built.value,
    );
    assert.match(cut, /Origin "http:\/\/a{68}…" is not/);
    const handshake = {
      ...refused,
      code: 'origin-missing' as const,
      origin: null,
      isUpgrade: true,
    };
    assert.match(
      describeOriginRefusal(handshake, built.value),
      /the WebSocket handshake carries no Origin header/,
    );
  });

  it('describeOriginRefusal() names only the allowed origin of the Host the caller sent', () => {
    const built = buildOriginPolicy({
      allowedOrigins: [
        'https://dash.example',
        'https://other.example:8443',
        'http://plain.example',
      ],
    });
    assert.ok(built.ok);
    const policy = addLoopbackOrigins(built.value, 8080);
    const generic = '(its Origin header must be an origin listed in auth.allowed_origins)';
    const cases: Array<[string | null, string]> = [
      ['https://dash.example', '(Origin https://dash.example)'],
      // A TLS proxy that does not say so: the caller's host, in the scheme it is served in.
      ['http://dash.example', '(Origin https://dash.example)'],
      ['http://dash.example:443', '(Origin https://dash.example)'],
      ['http://127.0.0.1:8080', '(Origin http://127.0.0.1:8080)'],
      ['http://[::1]:8080', '(Origin http://[::1]:8080)'],
      ['https://other.example:8443', '(Origin https://other.example:8443)'],
      ['https://other.example', generic],
      ['http://192.168.1.4:8080', generic],
      ['http://127.0.0.1:8081', generic],
      ['http://evil.example', generic],
      ['http://a b', generic],
      [null, generic],
    ];
    for (const [requestOrigin, expected] of cases) {
      const message = describeOriginRefusal({ ...REFUSED, requestOrigin }, policy);
      assert.ok(
        message.includes(`; send it from a page of the dashboard ${expected}, or`),
        message,
      );
      if (expected !== generic) continue;
      for (const configured of ['dash.example', 'other.example', 'plain.example', '127.0.0.1']) {
        assert.ok(
          !message.includes(configured),
          `${requestOrigin} leaks ${configured}: ${message}`,
        );
      }
    }
  });

  it('describeOriginRefusal() names the proxy login for a proxy-asserted user', () => {
    const built = buildOriginPolicy({ allowedOrigins: [] });
    assert.ok(built.ok);
    const proxied = { ...REFUSED, code: 'origin-missing' as const, origin: null };
    assert.equal(
      describeOriginRefusal({ ...proxied, hasProxyIdentity: true }, built.value),
      'origin check failed: the request asserts a reverse-proxy user but carries no Origin header; send it from a page of the dashboard (its Origin header must be an origin listed in auth.allowed_origins), or use a bearer token instead of the proxy login (`clauster api-token issue <label>`)',
    );
    assert.match(
      describeOriginRefusal(proxied, built.value),
      /the request carries the session cookie but no Origin header; .* instead of the session cookie/,
    );
  });
});
