import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createReplayCache,
  isTrustedPeer,
  normalizePeerAddress,
  type ProxyAuthOptions,
  type ProxyRequest,
  parseTrustedPeers,
  resolveClientAddress,
  resolveForwardedProto,
  resolveProxyUser,
  signProxyRequest,
  type TrustedPeers,
} from '../../src/security/proxy-trust.js';
import { createTestClock } from '../support/auth-app.js';

const SECRET = 'FAKE-proxy-secret-'.padEnd(40, 'x');

function trusted(list: string[]): TrustedPeers {
  const parsed = parseTrustedPeers(list);
  assert.ok(parsed.ok);
  return parsed.value;
}

describe('parseTrustedPeers()', () => {
  const cases: Array<[string, boolean]> = [
    ['10.0.0.1', true],
    ['10.0.0.0/8', true],
    ['fd00::/8', true],
    ['::ffff:10.0.0.0/104', true],
    ['0.0.0.0/0', false],
    ['::/0', false],
    ['127.1', false],
    ['10.0.0.1/33', false],
    ['proxy.lan', false],
    [' 10.0.0.1', false],
  ];
  for (const [entry, valid] of cases) {
    it(`parseTrustedPeers() ${valid ? 'accepts' : 'refuses'} ${JSON.stringify(entry)}`, () => {
      assert.equal(parseTrustedPeers([entry]).ok, valid);
    });
  }
});

describe('parseTrustedPeers() over the whole list', () => {
  const lists: Array<[string[], string | null]> = [
    [['0.0.0.0/1', '128.0.0.0/1'], 'IPv4'],
    [['::/1', '8000::/1'], 'IPv6'],
    // IPv4-mapped ranges are IPv4 ranges at runtime: two /97s are 0.0.0.0/1 and 128.0.0.0/1.
    [['::ffff:0:0/97', '::ffff:8000:0/97'], 'IPv4'],
    [['0.0.0.0/2', '64.0.0.0/2', '128.0.0.0/1', '10.0.0.0/8'], 'IPv4'],
    [['0.0.0.0/1', '128.0.0.0/2'], null],
    [['10.0.0.0/8', '10.1.0.0/16', 'fd00::/8'], null],
  ];
  for (const [list, family] of lists) {
    it(`parseTrustedPeers() ${family ? `refuses ${family}-wide` : 'accepts'} ${list.join(' + ')}`, () => {
      const parsed = parseTrustedPeers(list);
      if (family === null) return assert.ok(parsed.ok);
      assert.equal(parsed.ok, false);
      if (!parsed.ok)
        assert.match(
          parsed.detail,
          new RegExp(`together these entries trust every ${family} address`),
        );
    });
  }

  it('parseTrustedPeers() refuses an IPv4-mapped ::ffff:0:0/96 as trusting every address', () => {
    const parsed = parseTrustedPeers(['10.0.0.1', '::ffff:0:0/96']);
    assert.equal(parsed.ok, false);
    if (!parsed.ok)
      assert.equal(
        parsed.detail,
        'auth.reverse_proxy.trusted_ips[1]: ::ffff:0:0/96 trusts every address',
      );
  });
});

describe('isTrustedPeer()', () => {
  it('isTrustedPeer() matches IPv4-mapped IPv6 peers against IPv4 ranges and never throws on kind mismatch', () => {
    const peers = trusted(['10.0.0.0/24', 'fd00::/8']);
    assert.equal(isTrustedPeer('::ffff:10.0.0.7', peers), true);
    assert.equal(isTrustedPeer('10.0.1.7', peers), false);
    assert.equal(isTrustedPeer('fd00::1', peers), true);
    assert.equal(isTrustedPeer('::1', peers), false);
    assert.equal(isTrustedPeer('garbage', peers), false);
    assert.equal(isTrustedPeer(null, peers), false);
    assert.equal(normalizePeerAddress('::ffff:127.0.0.1'), '127.0.0.1');
  });
});

function makeRequest(
  headers: Record<string, string[]>,
  overrides: Partial<ProxyRequest> = {},
): ProxyRequest {
  return {
    peer: '10.0.0.5',
    method: 'GET',
    path: '/api/projects',
    headerValues: (name) => headers[name.toLowerCase()] ?? [],
    ...overrides,
  };
}

function signedHeaders(
  now: number,
  user = 'alice',
  extra: { nonce?: string; path?: string; method?: string } = {},
): Record<string, string[]> {
  const t = Math.floor(now / 1000);
  const mac = signProxyRequest(SECRET, {
    user,
    timestamp: t,
    method: extra.method ?? 'GET',
    path: extra.path ?? '/api/projects',
    ...(extra.nonce ? { nonce: extra.nonce } : {}),
  });
  const value = extra.nonce ? `t=${t},n=${extra.nonce},v1=${mac}` : `t=${t},v1=${mac}`;
  return { 'remote-user': [user], 'x-proxy-auth': [value] };
}

describe('resolveProxyUser()', () => {
  const options: ProxyAuthOptions = {
    trusted: trusted(['10.0.0.0/24']),
    userHeader: 'Remote-User',
    secretHeader: 'X-Proxy-Auth',
    secret: SECRET,
    windowSeconds: 60,
    requireHmac: true,
  };

  function resolve(
    request: ProxyRequest,
    clock = createTestClock(),
    replay = createReplayCache({ clock }),
  ) {
    const result = resolveProxyUser(request, options, { clock, replay });
    return result.ok ? (result.value?.user ?? null) : result.code;
  }

  it('resolveProxyUser() accepts a valid HMAC from a trusted peer', () => {
    const clock = createTestClock();
    assert.equal(resolve(makeRequest(signedHeaders(clock.now())), clock), 'alice');
  });

  it('resolveProxyUser() never accepts the same signature twice', () => {
    const clock = createTestClock();
    const replay = createReplayCache({ clock });
    const headers = signedHeaders(clock.now());
    assert.equal(resolve(makeRequest(headers), clock, replay), 'alice');
    assert.equal(resolve(makeRequest(headers), clock, replay), 'replayed-signature');
    clock.advance(30_000);
    assert.equal(resolve(makeRequest(headers), clock, replay), 'replayed-signature');
  });

  it('resolveProxyUser() accepts two identical requests in one second when each has a nonce', () => {
    const clock = createTestClock();
    const replay = createReplayCache({ clock });
    assert.equal(
      resolve(
        makeRequest(signedHeaders(clock.now(), 'alice', { nonce: 'req-0001' })),
        clock,
        replay,
      ),
      'alice',
    );
    assert.equal(
      resolve(
        makeRequest(signedHeaders(clock.now(), 'alice', { nonce: 'req-0002' })),
        clock,
        replay,
      ),
      'alice',
    );
  });

  it('resolveProxyUser() refuses a timestamp outside ±60 s', () => {
    const clock = createTestClock();
    assert.equal(
      resolve(makeRequest(signedHeaders(clock.now() - 61_000)), clock),
      'stale-signature',
    );
    assert.equal(
      resolve(makeRequest(signedHeaders(clock.now() + 61_000)), clock),
      'stale-signature',
    );
    assert.equal(resolve(makeRequest(signedHeaders(clock.now() - 59_000)), clock), 'alice');
  });

  it('resolveProxyUser() ignores every forwarded header from an untrusted peer', () => {
    const clock = createTestClock();
    const request = makeRequest(signedHeaders(clock.now()), { peer: '192.168.1.9' });
    assert.equal(resolve(request, clock), null);
    assert.equal(resolve(makeRequest(signedHeaders(clock.now()), { peer: null }), clock), null);
  });

  const refusals: Array<[string, (now: number) => ProxyRequest, string]> = [
    [
      'a duplicated user header',
      (now) => makeRequest({ ...signedHeaders(now), 'remote-user': ['alice', 'bob'] }),
      'duplicate-header',
    ],
    [
      'a user header joined from two',
      (now) => makeRequest({ ...signedHeaders(now), 'remote-user': ['alice, bob'] }),
      'duplicate-header',
    ],
    [
      'a duplicated HMAC header',
      (now) =>
        makeRequest({
          ...signedHeaders(now),
          'x-proxy-auth': [signedHeaders(now)['x-proxy-auth']?.[0] ?? '', 'x'],
        }),
      'duplicate-header',
    ],
    [
      'a joined HMAC header',
      (now) =>
        makeRequest({
          ...signedHeaders(now),
          'x-proxy-auth': [`${signedHeaders(now)['x-proxy-auth']?.[0]}, t=1,v1=00`],
        }),
      'bad-signature',
    ],
    ['a missing HMAC header', () => makeRequest({ 'remote-user': ['alice'] }), 'missing-signature'],
    [
      'a MAC for another user',
      (now) => makeRequest({ ...signedHeaders(now, 'mallory'), 'remote-user': ['alice'] }),
      'bad-signature',
    ],
    [
      'a MAC for another path',
      (now) => makeRequest(signedHeaders(now, 'alice', { path: '/api/other' })),
      'bad-signature',
    ],
    [
      'a MAC for another method',
      (now) => makeRequest(signedHeaders(now, 'alice', { method: 'POST' })),
      'bad-signature',
    ],
    [
      'a malformed header',
      () => makeRequest({ 'remote-user': ['alice'], 'x-proxy-auth': ['v1=abc'] }),
      'bad-signature',
    ],
    [
      'a control character in the user',
      (now) => makeRequest({ ...signedHeaders(now), 'remote-user': ['al\u0001ice'] }),
      'invalid-user',
    ],
  ];
  for (const [title, build, expected] of refusals) {
    it(`resolveProxyUser() refuses ${title}`, () => {
      const clock = createTestClock();
      assert.equal(resolve(build(clock.now()), clock), expected);
    });
  }

  it('resolveProxyUser() with require_hmac false trusts the user header from a trusted peer only', () => {
    const clock = createTestClock();
    const forward = { ...options, requireHmac: false };
    const deps = { clock, replay: createReplayCache({ clock }) };
    const ok = resolveProxyUser(makeRequest({ 'remote-user': ['alice'] }), forward, deps);
    assert.deepEqual(ok, { ok: true, value: { user: 'alice' } });
    const untrusted = resolveProxyUser(
      makeRequest({ 'remote-user': ['alice'] }, { peer: '8.8.8.8' }),
      forward,
      deps,
    );
    assert.deepEqual(untrusted, { ok: true, value: null });
  });
});

describe('resolveForwardedProto()', () => {
  it('resolveForwardedProto() honours X-Forwarded-Proto only from a trusted peer, once', () => {
    const peers = trusted(['10.0.0.0/24']);
    assert.equal(resolveForwardedProto('10.0.0.5', ['https'], peers), 'https');
    assert.equal(resolveForwardedProto('192.168.1.5', ['https'], peers), null);
    assert.equal(resolveForwardedProto('10.0.0.5', ['https', 'http'], peers), null);
    assert.equal(resolveForwardedProto('10.0.0.5', ['gopher'], peers), null);
  });
});

describe('resolveClientAddress()', () => {
  it('resolveClientAddress() walks X-Forwarded-For right to left past trusted hops', () => {
    const peers = trusted(['10.0.0.0/24']);
    assert.equal(
      resolveClientAddress('10.0.0.5', ['6.6.6.6, 192.168.1.7, 10.0.0.9'], peers),
      '192.168.1.7',
    );
    assert.equal(resolveClientAddress('192.168.1.5', ['6.6.6.6'], peers), '192.168.1.5');
    assert.equal(resolveClientAddress('10.0.0.5', [], peers), '10.0.0.5');
    assert.equal(resolveClientAddress('10.0.0.5', ['not-an-ip'], peers), '10.0.0.5');
  });
});
