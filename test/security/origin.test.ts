import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addLoopbackOrigins,
  buildOriginPolicy,
  checkRequestHost,
  checkRequestOrigin,
  normalizeOrigin,
  type OriginPolicy,
  type OriginRequest,
} from '../../src/security/origin.js';

function policy(origins: string[], loopbackPort?: number): OriginPolicy {
  const built = buildOriginPolicy({ allowedOrigins: origins });
  assert.ok(built.ok);
  return loopbackPort ? addLoopbackOrigins(built.value, loopbackPort) : built.value;
}

describe('normalizeOrigin()', () => {
  const cases: Array<[string, string | null]> = [
    ['https://Dash.Example.com', 'https://dash.example.com'],
    ['https://dash.example.com:443', 'https://dash.example.com'],
    ['http://127.0.0.1:80', 'http://127.0.0.1'],
    ['http://[::1]:7621', 'http://[::1]:7621'],
    ['https://dash.example.com:8443', 'https://dash.example.com:8443'],
    ['https://dash.example.com/', null],
    ['https://dash.example.com/x', null],
    ['https://user@dash.example.com', null],
    ['https://dash.example.com?x', null],
    ['null', null],
    ['*', null],
    ['ftp://dash.example.com', null],
    ['javascript://dash.example.com', null],
    ['https://dash.example.com ', null],
    ['', null],
  ];
  for (const [input, expected] of cases) {
    it(`normalizeOrigin() maps ${JSON.stringify(input)} to ${expected}`, () => {
      assert.equal(normalizeOrigin(input), expected);
    });
  }
});

describe('buildOriginPolicy()', () => {
  it('buildOriginPolicy() refuses an entry with a path, naming its index', () => {
    const built = buildOriginPolicy({
      allowedOrigins: ['https://ok.example', 'https://x.example/'],
    });
    assert.equal(built.ok, false);
    if (!built.ok) assert.match(built.detail, /allowed_origins\[1\]/);
  });
});

describe('addLoopbackOrigins()', () => {
  it('addLoopbackOrigins() adds the three loopback origins in the scheme served', () => {
    const built = buildOriginPolicy({ allowedOrigins: [] });
    assert.ok(built.ok);
    assert.deepEqual(
      [...addLoopbackOrigins(built.value, 8443, { scheme: 'https' }).origins].sort(),
      ['https://127.0.0.1:8443', 'https://[::1]:8443', 'https://localhost:8443'],
    );
    assert.deepEqual([...addLoopbackOrigins(built.value, 7621).origins].sort(), [
      'http://127.0.0.1:7621',
      'http://[::1]:7621',
      'http://localhost:7621',
    ]);
  });
});

describe('checkRequestOrigin()', () => {
  const allow = policy(['https://dash.example.com'], 7621);
  const base: OriginRequest = {
    method: 'POST',
    origin: null,
    secFetchSite: null,
    isUpgrade: false,
    hasCookieAuth: true,
    hasProxyIdentity: false,
    isBearer: false,
  };
  const cases: Array<[string, Partial<OriginRequest>, string]> = [
    ['exact allowlisted origin', { origin: 'https://dash.example.com' }, 'ok'],
    ['default port spelled out', { origin: 'https://dash.example.com:443' }, 'ok'],
    ['upper-case host', { origin: 'https://DASH.example.com' }, 'ok'],
    ['loopback origin of the bound port', { origin: 'http://127.0.0.1:7621' }, 'ok'],
    ['localhost of the bound port', { origin: 'http://localhost:7621' }, 'ok'],
    ['[::1] of the bound port', { origin: 'http://[::1]:7621' }, 'ok'],
    ['loopback origin of another port', { origin: 'http://127.0.0.1:7622' }, 'origin-not-allowed'],
    [
      'other port of the allowed host',
      { origin: 'https://dash.example.com:8443' },
      'origin-not-allowed',
    ],
    ['scheme downgrade', { origin: 'http://dash.example.com' }, 'origin-not-allowed'],
    ['suffix look-alike', { origin: 'https://dash.example.com.evil.test' }, 'origin-not-allowed'],
    ['prefix look-alike', { origin: 'https://evildash.example.com' }, 'origin-not-allowed'],
    ['sub-domain', { origin: 'https://a.dash.example.com' }, 'origin-not-allowed'],
    ['userinfo trick', { origin: 'https://dash.example.com@evil.test' }, 'origin-not-allowed'],
    ['trailing slash', { origin: 'https://dash.example.com/' }, 'origin-not-allowed'],
    [
      'two origins joined',
      { origin: 'https://dash.example.com, https://evil.test' },
      'origin-not-allowed',
    ],
    ['Origin: null', { origin: 'null' }, 'origin-null'],
    ['missing Origin with cookie', { origin: null }, 'origin-missing'],
    ['missing Origin, no cookie (CLI)', { origin: null, hasCookieAuth: false }, 'ok'],
    [
      'missing Origin with a proxy user asserted',
      { origin: null, hasCookieAuth: false, hasProxyIdentity: true },
      'origin-missing',
    ],
    [
      'missing Origin with a proxy user and a Bearer token',
      { origin: null, hasCookieAuth: false, hasProxyIdentity: true, isBearer: true },
      'ok',
    ],
    [
      'proxy user with an allowlisted Origin',
      { origin: 'https://dash.example.com', hasCookieAuth: false, hasProxyIdentity: true },
      'ok',
    ],
    [
      'proxy user with a foreign Origin',
      { origin: 'https://evil.test', hasCookieAuth: false, hasProxyIdentity: true },
      'origin-not-allowed',
    ],
    [
      'Sec-Fetch-Site cross-site',
      { origin: 'https://dash.example.com', secFetchSite: 'cross-site' },
      'cross-site',
    ],
    [
      'Sec-Fetch-Site same-site',
      { origin: 'https://dash.example.com', secFetchSite: 'same-site' },
      'cross-site',
    ],
    [
      'Sec-Fetch-Site same-origin',
      { origin: 'https://dash.example.com', secFetchSite: 'same-origin' },
      'ok',
    ],
    ['Bearer is exempt', { origin: 'https://evil.test', isBearer: true }, 'ok'],
    ['GET is not gated', { method: 'GET', origin: 'https://evil.test' }, 'ok'],
    ['HEAD is not gated', { method: 'HEAD', origin: null }, 'ok'],
    ['PUT is gated', { method: 'PUT', origin: 'https://evil.test' }, 'origin-not-allowed'],
    ['PATCH is gated', { method: 'PATCH', origin: 'https://evil.test' }, 'origin-not-allowed'],
    ['DELETE is gated', { method: 'delete', origin: 'https://evil.test' }, 'origin-not-allowed'],
    [
      'handshake with a bad Origin',
      { method: 'GET', isUpgrade: true, origin: 'https://evil.test' },
      'origin-not-allowed',
    ],
    [
      'handshake without Origin or cookie',
      { method: 'GET', isUpgrade: true, hasCookieAuth: false },
      'origin-missing',
    ],
    [
      'handshake with allowed Origin',
      { method: 'GET', isUpgrade: true, origin: 'https://dash.example.com' },
      'ok',
    ],
  ];
  for (const [title, overrides, expected] of cases) {
    it(`checkRequestOrigin() ${expected === 'ok' ? 'allows' : 'refuses'} ${title}`, () => {
      const verdict = checkRequestOrigin({ ...base, ...overrides }, allow);
      assert.equal(verdict.ok ? 'ok' : verdict.code, expected);
    });
  }
});

describe('checkRequestHost()', () => {
  const allow = policy(['https://dash.example.com']);
  const cases: Array<[string | null, boolean]> = [
    ['dash.example.com', true],
    ['dash.example.com:443', true],
    ['DASH.example.com', true],
    ['127.0.0.1:7621', true],
    ['localhost:7621', true],
    ['localhost', true],
    ['[::1]:7621', true],
    ['192.168.1.20:7621', true],
    ['evil.test', false],
    ['evil.test:7621', false],
    ['dash.example.com:8443', false],
    ['localhost.', false],
    ['127.1', false],
    ['', false],
    [null, false],
  ];
  for (const [host, expected] of cases) {
    it(`checkRequestHost() ${expected ? 'accepts' : 'refuses'} ${JSON.stringify(host)}`, () => {
      assert.equal(checkRequestHost(host, allow).ok, expected);
    });
  }
});
