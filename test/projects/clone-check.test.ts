import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type CloneCheckOptions,
  checkCloneTarget,
  checkHostAddresses,
  formatRefusal,
} from '../../src/projects/clone-check.js';
import { checkCloneUrl } from '../../src/security/clone-url.js';
import type { Lookup, LookupAddress } from '../../src/system/ports.js';
import { oddSpellings } from '../support/ipv4-spellings.js';

const OPTIONS: CloneCheckOptions = { allowedSchemes: ['https', 'ssh'] };

/** A resolver stub from a table; unknown names fail like getaddrinfo does. */
function stubLookup(table: Record<string, string[]>): Lookup & { calls: string[] } {
  const calls: string[] = [];
  const lookup = async (host: string): Promise<LookupAddress[]> => {
    calls.push(host);
    const answers = table[host];
    if (answers === undefined) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return answers.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(lookup, { calls });
}

const DNS = stubLookup({
  'github.com': ['140.82.112.3', '2606:50c0:8000::154'],
  'internal.example': ['10.0.0.5'],
  'mixed.example': ['140.82.112.3', '10.0.0.5'],
  'mixed6.example': ['140.82.112.3', 'fd00::5'],
  'loop.example': ['127.0.0.1'],
  'loop6.example': ['::1'],
  'meta.example': ['169.254.169.254'],
  'mapped.example': ['::ffff:169.254.169.254'],
  'nat64.example': ['64:ff9b::a9fe:a9fe'],
  'sixtofour.example': ['2002:7f00:1::1'],
  'cgnat.example': ['100.64.3.4'],
  'empty.example': [],
  'multicast.example': ['239.1.1.1'],
  'linklocal.example': ['fe80::1'],
});

const REFUSED: ReadonlyArray<readonly [string, string, string?]> = [
  ['https://internal.example/r.git', 'private-address', '10.0.0.5'],
  ['https://mixed.example/r.git', 'private-address', '10.0.0.5'],
  ['https://mixed6.example/r.git', 'private-address', 'fd00::5'],
  ['https://loop.example/r.git', 'loopback-address', '127.0.0.1'],
  ['git@loop6.example:r.git', 'loopback-address', '::1'],
  ['https://meta.example/r.git', 'metadata-address', '169.254.169.254'],
  ['https://mapped.example/r.git', 'metadata-address', '::ffff:169.254.169.254'],
  ['https://nat64.example/r.git', 'metadata-address', '64:ff9b::a9fe:a9fe'],
  ['ssh://git@sixtofour.example/r.git', 'loopback-address', '2002:7f00:1::1'],
  ['https://cgnat.example/r.git', 'cgnat-address', '100.64.3.4'],
  ['https://multicast.example/r.git', 'multicast-address', '239.1.1.1'],
  ['https://linklocal.example/r.git', 'link-local-address', 'fe80::1'],
  ['https://nowhere.example/r.git', 'unresolvable'],
  ['https://empty.example/r.git', 'unresolvable'],
  ['https://127.0.0.1/r.git', 'loopback-address', '127.0.0.1'],
  ['https://10.0.0.5/r.git', 'private-address', '10.0.0.5'],
  ['https://169.254.169.254/latest/meta-data', 'metadata-address', '169.254.169.254'],
  ['https://[::1]/r.git', 'loopback-address', '::1'],
  ['https://[fd00:ec2::254]/r.git', 'metadata-address', 'fd00:ec2::254'],
  ['https://[64:ff9b::7f00:1]/r.git', 'loopback-address', '64:ff9b::7f00:1'],
  ['file:///etc/passwd', 'scheme'],
  ['https://2130706433/r.git', 'ip-literal'],
];

describe('checkCloneTarget()', () => {
  for (const [url, rule, address] of REFUSED) {
    it(`checkCloneTarget() refuses ${url} with ${rule}`, async () => {
      const verdict = await checkCloneTarget(url, OPTIONS, { lookup: DNS });
      assert.equal(verdict.ok, false);
      assert.ok(!verdict.ok);
      assert.equal(verdict.rule, rule, verdict.detail);
      assert.equal(verdict.address, address);
    });
  }

  it('checkCloneTarget() allows a public host and returns every checked address', async () => {
    const verdict = await checkCloneTarget('https://github.com/o/r.git', OPTIONS, { lookup: DNS });
    assert.ok(verdict.ok, verdict.detail);
    assert.deepEqual(verdict.addresses, ['140.82.112.3', '2606:50c0:8000::154']);
    assert.equal(verdict.parsed.url, 'https://github.com/o/r.git');
  });

  it('checkCloneTarget() allows each allowed form against a public resolver', async () => {
    for (const url of [
      'https://github.com/o/r',
      'ssh://git@github.com/o/r',
      'git@github.com:o/r',
    ]) {
      const verdict = await checkCloneTarget(url, OPTIONS, { lookup: DNS });
      assert.equal(verdict.ok, true, `${url}: ${verdict.detail}`);
    }
  });

  it('checkCloneTarget() allows a private host only with an opt-in', async () => {
    const url = 'https://internal.example/r.git';
    const open = { ...OPTIONS, allowPrivateHosts: true };
    const cidr = { ...OPTIONS, allowedPrivateCidrs: ['10.0.0.0/24'] };
    const other = { ...OPTIONS, allowedPrivateCidrs: ['10.9.0.0/16'] };
    assert.equal((await checkCloneTarget(url, open, { lookup: DNS })).ok, true);
    assert.equal((await checkCloneTarget(url, cidr, { lookup: DNS })).ok, true);
    assert.equal((await checkCloneTarget(url, other, { lookup: DNS })).ok, false);
  });

  it('checkCloneTarget() never allows loopback or metadata, even with every opt-in', async () => {
    const options = {
      ...OPTIONS,
      allowPrivateHosts: true,
      allowedPrivateCidrs: ['0.0.0.0/0', '::/0'],
    };
    for (const url of [
      'https://loop.example/r',
      'https://meta.example/r',
      'https://nat64.example/r',
    ]) {
      assert.equal((await checkCloneTarget(url, options, { lookup: DNS })).ok, false, url);
    }
  });

  it('checkCloneTarget() does not resolve anything for a refused URL or an IP literal', async () => {
    const lookup = stubLookup({});
    await checkCloneTarget('file:///etc/passwd', OPTIONS, { lookup });
    await checkCloneTarget('https://140.82.112.3/r.git', OPTIONS, { lookup });
    assert.deepEqual(lookup.calls, []);
  });

  it('checkCloneTarget() uses an injected address check instead of the resolver', async () => {
    const lookup = stubLookup({});
    const verdict = await checkCloneTarget('https://git.test/r.git', OPTIONS, {
      lookup,
      checkAddresses: async () => ({ ok: true, addresses: ['127.0.0.1'] }),
    });
    assert.ok(verdict.ok);
    assert.deepEqual(verdict.addresses, ['127.0.0.1']);
    assert.deepEqual(lookup.calls, []);
  });

  it('checkCloneTarget() lets no spelling of a blocked IPv4 address through (property)', async () => {
    const blocked = fc.oneof(
      fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(0), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.integer({ min: 224, max: 255 }), fc.nat(255), fc.nat(255), fc.nat(255)),
    );
    const lookup = stubLookup({});
    await fc.assert(
      fc.asyncProperty(blocked, async (octets) => {
        for (const host of [octets.join('.'), ...oddSpellings(octets)]) {
          for (const url of [`https://${host}/r.git`, `git@${host}:r.git`]) {
            const verdict = await checkCloneTarget(url, OPTIONS, { lookup });
            assert.equal(verdict.ok, false, `${url} was allowed`);
          }
        }
      }),
      { numRuns: 200 },
    );
    assert.deepEqual(lookup.calls, []);
  });
});

describe('checkHostAddresses()', () => {
  it('checkHostAddresses() removes duplicate answers', async () => {
    const parsed = checkCloneUrl('https://dup.example/r', OPTIONS);
    assert.ok(parsed.ok);
    const lookup = stubLookup({ 'dup.example': ['140.82.112.3', '140.82.112.3'] });
    assert.deepEqual(await checkHostAddresses(parsed.parsed, {}, { lookup }), {
      ok: true,
      addresses: ['140.82.112.3'],
    });
  });
});

describe('formatRefusal()', () => {
  it('formatRefusal() puts the rule and the address first', () => {
    const line = formatRefusal({ rule: 'private-address', address: '10.0.0.5', detail: 'why' });
    assert.equal(line, 'private-address 10.0.0.5: why');
    assert.equal(formatRefusal({ rule: 'scheme', detail: 'why' }), 'scheme: why');
  });
});
