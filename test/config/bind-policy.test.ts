import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type AuthPosture,
  decideBind,
  isLoopbackLiteral,
  isLoopbackName,
  listCredentials,
} from '../../src/config/bind-policy.js';
import type { Lookup, LookupAddress } from '../../src/system/ports.js';
import { oddSpellings } from '../support/ipv4-spellings.js';

const STRONG_HASH = `$argon2id$v=19$m=65536,t=3,p=1$${'A'.repeat(22)}$${'B'.repeat(43)}`;
const WEAK_HASH = `$argon2id$v=19$m=4096,t=3,p=1$${'A'.repeat(22)}$${'B'.repeat(43)}`;

const NO_AUTH: AuthPosture = {
  enabled: false,
  password_required: false,
  password_hash: null,
  api_token_hash: null,
  allow_unauthenticated_network: false,
  reverse_proxy: { enabled: false },
};

function lookupReturning(addresses: string[]): Lookup {
  return async () =>
    addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));
}

const failingLookup: Lookup = async () => {
  throw new Error('ENOTFOUND');
};

describe('isLoopbackLiteral()', () => {
  const cases: Array<[string, boolean]> = [
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['', false],
    ['127.1', false],
    ['127.0.1', false],
    ['0x7f000001', false],
    ['0x7f.0.0.1', false],
    ['2130706433', false],
    ['0177.0.0.1', false],
    ['127.000.000.001', false],
    ['::ffff:127.0.0.1', false],
    ['0:0:0:0:0:0:0:1', false],
    ['[::1]', false],
    ['localhost', false],
    ['localhost.', false],
    ['128.0.0.1', false],
    [' 127.0.0.1', false],
    ['127.0.0.1 ', false],
    ['126.255.255.255', false],
  ];
  it('isLoopbackLiteral() refuses every odd spelling of 127.0.0.1', () => {
    for (const host of oddSpellings([127, 0, 0, 1]))
      assert.equal(isLoopbackLiteral(host), false, host);
  });
  for (const [host, expected] of cases) {
    it(`isLoopbackLiteral() says ${expected} for ${JSON.stringify(host)}`, () => {
      assert.equal(isLoopbackLiteral(host), expected);
    });
  }
});

describe('isLoopbackName()', () => {
  it('takes localhost and loopback literals, nothing that only looks like them', () => {
    for (const host of ['localhost', '127.0.0.1', '127.9.8.7', '::1']) {
      assert.equal(isLoopbackName(host), true, host);
    }
    for (const host of ['localhost.', 'LOCALHOST', 'localhost.example', '[::1]', '127.1', '']) {
      assert.equal(isLoopbackName(host), false, host);
    }
  });
});

describe('decideBind()', () => {
  const networkHosts = [
    '0.0.0.0',
    '::',
    '',
    '127.1',
    '0x7f000001',
    '::ffff:127.0.0.1',
    '[::1]',
    'localhost.',
    'example.lan',
    '192.168.1.5',
  ];
  for (const host of networkHosts) {
    it(`decideBind() refuses network host ${JSON.stringify(host)} without auth`, async () => {
      const decision = await decideBind(host, NO_AUTH, { lookup: lookupReturning(['127.0.0.1']) });
      assert.equal(decision.loopback, false);
      assert.equal(decision.allowed, false);
    });
    it(`decideBind() allows network host ${JSON.stringify(host)} with a password`, async () => {
      const auth = {
        ...NO_AUTH,
        enabled: true,
        password_required: true,
        password_hash: STRONG_HASH,
      };
      const decision = await decideBind(host, auth, { lookup: lookupReturning(['127.0.0.1']) });
      assert.equal(decision.allowed, true);
      assert.deepEqual(decision.credentials, ['password']);
    });
  }

  it('decideBind() binds the unbracketed address for [::1] and :: for the empty host', async () => {
    const deps = { lookup: failingLookup };
    const auth = { ...NO_AUTH, allow_unauthenticated_network: true };
    assert.deepEqual((await decideBind('[::1]', auth, deps)).addresses, ['::1']);
    assert.deepEqual((await decideBind('', auth, deps)).addresses, ['::']);
  });

  it('decideBind() allows loopback literals without auth and binds them', async () => {
    for (const host of ['127.0.0.1', '::1', '127.0.0.2']) {
      const decision = await decideBind(host, NO_AUTH, { lookup: failingLookup });
      assert.deepEqual(
        [decision.loopback, decision.allowed, decision.addresses],
        [true, true, [host]],
      );
    }
  });

  it('decideBind() binds every resolved address of localhost when all are loopback', async () => {
    const lookup = lookupReturning(['127.0.0.1', '::1', '127.0.0.1']);
    const decision = await decideBind('localhost', NO_AUTH, { lookup });
    assert.equal(decision.loopback, true);
    assert.deepEqual(decision.addresses, ['127.0.0.1', '::1']);
  });

  const badResolutions: Array<[string, Lookup]> = [
    ['a LAN address', lookupReturning(['127.0.0.1', '192.168.1.9'])],
    ['a mapped loopback address', lookupReturning(['::ffff:127.0.0.1'])],
    ['nothing', lookupReturning([])],
    ['an error', failingLookup],
  ];
  for (const [label, lookup] of badResolutions) {
    it(`decideBind() treats localhost resolving to ${label} as network`, async () => {
      const decision = await decideBind('localhost', NO_AUTH, { lookup });
      assert.equal(decision.loopback, false);
      assert.equal(decision.allowed, false);
      assert.deepEqual(decision.addresses, ['localhost']);
    });
  }

  it('decideBind() never makes a name other than exactly localhost loopback by resolving it', async () => {
    const looked: string[] = [];
    const lookup: Lookup = async (name) => {
      looked.push(name);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    for (const host of ['localhost.', 'LOCALHOST', 'my.localhost']) {
      const decision = await decideBind(host, NO_AUTH, { lookup });
      assert.deepEqual(
        [decision.loopback, decision.allowed, decision.addresses],
        [false, false, [host]],
      );
      assert.equal(decision.unresolved, null);
    }
    assert.deepEqual(
      looked,
      ['localhost.', 'LOCALHOST', 'my.localhost'],
      'looked up only to see that they resolve',
    );
  });

  it('decideBind() gives the resolver error code of a name that does not resolve', async () => {
    const notFound: Lookup = async (name) => {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    };
    const auth = { ...NO_AUTH, enabled: true, password_required: true, password_hash: STRONG_HASH };
    const decision = await decideBind('nosuchhost.invalid', auth, { lookup: notFound });
    assert.equal(decision.unresolved, 'ENOTFOUND');
    assert.equal(decision.allowed, true, 'the auth verdict stays about credentials');
    assert.equal(
      (await decideBind('localhost', NO_AUTH, { lookup: notFound })).unresolved,
      'ENOTFOUND',
    );
    assert.equal(
      (await decideBind('nas.lan', auth, { lookup: failingLookup })).unresolved,
      'a lookup error',
    );
    assert.equal(
      (await decideBind('nas.lan', auth, { lookup: lookupReturning([]) })).unresolved,
      'no addresses',
    );
    const found = await decideBind('nas.lan', auth, { lookup: lookupReturning(['192.0.2.4']) });
    assert.deepEqual([found.unresolved, found.addresses], [null, ['nas.lan']]);
  });

  it('decideBind() looks up no address literal', async () => {
    let calls = 0;
    const lookup: Lookup = async () => {
      calls += 1;
      throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    for (const host of [
      '0.0.0.0',
      '::',
      '',
      '192.168.1.5',
      '[::1]',
      '::ffff:127.0.0.1',
      '127.0.0.1',
      'fe80::1%eth0',
    ]) {
      assert.equal((await decideBind(host, NO_AUTH, { lookup })).unresolved, null, host);
    }
    assert.equal(calls, 0);
  });

  it('decideBind() allows a network bind only with the boolean opt-out and marks it', async () => {
    const auth = { ...NO_AUTH, allow_unauthenticated_network: true };
    const decision = await decideBind('0.0.0.0', auth, { lookup: failingLookup });
    assert.deepEqual([decision.allowed, decision.optedOut], [true, true]);
  });

  it('decideBind() refuses any host that is not a loopback spelling (property)', async () => {
    const loopbackSpellings = /^(127\.(\d{1,3}\.){2}\d{1,3}|::1|localhost)$/;
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), async (host) => {
        fc.pre(!loopbackSpellings.test(host));
        const decision = await decideBind(host, NO_AUTH, {
          lookup: lookupReturning(['127.0.0.1']),
        });
        return decision.allowed === false && decision.loopback === false;
      }),
    );
  });
});

describe('listCredentials()', () => {
  const cases: Array<[string, Partial<AuthPosture>, string[]]> = [
    ['auth disabled', { password_required: true, password_hash: STRONG_HASH }, []],
    [
      'strong password',
      { enabled: true, password_required: true, password_hash: STRONG_HASH },
      ['password'],
    ],
    [
      'weak password hash',
      { enabled: true, password_required: true, password_hash: WEAK_HASH },
      [],
    ],
    ['hash without password_required', { enabled: true, password_hash: STRONG_HASH }, []],
    ['api token', { enabled: true, api_token_hash: 'a'.repeat(64) }, ['token']],
    ['reverse proxy', { enabled: true, reverse_proxy: { enabled: true } }, ['proxy']],
  ];
  for (const [label, patch, expected] of cases) {
    it(`listCredentials() with ${label} gives [${expected.join(', ')}]`, () => {
      assert.deepEqual(listCredentials({ ...NO_AUTH, ...patch }), expected);
    });
  }
});
