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

  it('describeOriginRefusal() escapes invisible characters and lists the allowed origins', () => {
    const built = buildOriginPolicy({ allowedOrigins: ['https://dash.example'] });
    assert.ok(built.ok);
    const refused = {
      code: 'origin-not-allowed' as const,
      origin: 'https://dash.example\u202e',
      secFetchSite: null,
      isUpgrade: false,
      requestOrigin: 'https://other.example',
    };
    const message = describeOriginRefusal(refused, built.value);
    assert.match(message, /Origin "https:\/\/dash\.example\\u202e" is not/);
    assert.match(message, /\(Origin https:\/\/dash\.example\)/);
    const cut = describeOriginRefusal(
      { ...refused, origin: `http://${'a'.repeat(68)}\u202eb` },
      built.value,
    );
    assert.match(cut, /Origin "http:\/\/a{68}…" is not/);
    const loopback = addLoopbackOrigins(built.value, 8080);
    const many = describeOriginRefusal({ ...refused, requestOrigin: null }, loopback);
    assert.match(
      many,
      /\(Origin one of http:\/\/127\.0\.0\.1:8080, http:\/\/\[::1\]:8080, http:\/\/localhost:8080, …\)/,
    );
    const handshake = {
      ...refused,
      code: 'origin-missing' as const,
      origin: null,
      isUpgrade: true,
    };
    assert.match(
      describeOriginRefusal(handshake, loopback),
      /the WebSocket handshake carries no Origin header/,
    );
  });
});
