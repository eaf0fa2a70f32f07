import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAddress, classifyAddress } from '../../src/security/address-policy.js';

const CLASSES: ReadonlyArray<readonly [string, string, string?]> = [
  // IPv4
  ['8.8.8.8', 'public'],
  ['140.82.112.3', 'public'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['169.254.0.1', 'link-local'],
  ['169.254.169.254', 'metadata'],
  ['100.100.100.200', 'metadata'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  ['192.0.2.10', 'documentation'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.9', 'documentation'],
  ['192.88.99.1', 'reserved'],
  ['10.0.0.5', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['172.32.0.1', 'public'],
  ['192.168.1.1', 'private'],
  ['100.64.0.1', 'cgnat'],
  ['100.127.255.255', 'cgnat'],
  ['100.128.0.1', 'public'],
  ['198.18.0.1', 'benchmark'],
  ['198.19.255.255', 'benchmark'],
  ['192.0.0.8', 'special-purpose'],
  // IPv6
  ['2606:4700::1111', 'public'],
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['febf::1', 'link-local'],
  ['fec0::1', 'reserved'],
  ['ff02::1', 'multicast'],
  ['fc00::1', 'private'],
  ['fd12:3456::1', 'private'],
  ['fd00:ec2::254', 'metadata'],
  ['2001:db8::1', 'documentation'],
  ['3fff::1', 'documentation'],
  ['2001:2::1', 'benchmark'],
  ['2001::1', 'reserved'],
  ['100::1', 'reserved'],
  ['5f00::1', 'reserved'],
  ['64:ff9b:1::1', 'private'],
  // IPv6 forms carrying IPv4: unwrapped and judged by the embedded address
  ['::ffff:127.0.0.1', 'loopback', '127.0.0.1'],
  ['::ffff:7f00:1', 'loopback', '127.0.0.1'],
  ['::ffff:10.0.0.5', 'private', '10.0.0.5'],
  ['::ffff:8.8.8.8', 'public', '8.8.8.8'],
  ['::ffff:169.254.169.254', 'metadata', '169.254.169.254'],
  ['::ffff:0:a9fe:a9fe', 'metadata', '169.254.169.254'],
  ['::a9fe:a9fe', 'metadata', '169.254.169.254'],
  ['::169.254.169.254', 'metadata', '169.254.169.254'],
  ['::127.0.0.1', 'loopback', '127.0.0.1'],
  ['::8.8.8.8', 'reserved', '8.8.8.8'],
  ['64:ff9b::7f00:1', 'loopback', '127.0.0.1'],
  ['64:ff9b::a9fe:a9fe', 'metadata', '169.254.169.254'],
  ['64:ff9b::808:808', 'public', '8.8.8.8'],
  ['2002:7f00:1::1', 'loopback', '127.0.0.1'],
  ['2002:a9fe:a9fe::', 'metadata', '169.254.169.254'],
  ['2002:0a00:0005::1', 'private', '10.0.0.5'],
  ['2002:808:808::1', 'public', '8.8.8.8'],
  // not addresses at all
  ['127.1', 'invalid'],
  ['2130706433', 'invalid'],
  ['0x7f000001', 'invalid'],
  ['0177.0.0.1', 'invalid'],
  ['localhost', 'invalid'],
  ['', 'invalid'],
  ['::ffff:127.1', 'invalid'],
  ['1::2::3', 'invalid'],
];

describe('classifyAddress()', () => {
  for (const [address, expected, embedded] of CLASSES) {
    it(`classifyAddress() puts ${JSON.stringify(address)} in ${expected}`, () => {
      const result = classifyAddress(address);
      assert.equal(result.class, expected, JSON.stringify(result));
      assert.equal(result.embedded, embedded);
    });
  }
});

const NEVER = [
  '127.0.0.1',
  '::1',
  '169.254.169.254',
  '::ffff:169.254.169.254',
  '64:ff9b::a9fe:a9fe',
];
const NEVER_MORE = ['2002:a9fe:a9fe::', 'fd00:ec2::254', '100.100.100.200', 'fe80::1', '0.0.0.0'];
const ALLOWABLE = ['10.0.0.5', '172.16.3.4', '192.168.1.1', '100.64.0.1', '198.18.0.1'];
const ALLOWABLE_MORE = ['192.0.0.8', 'fd12::1', '::ffff:10.0.0.5', '2002:a00:5::1'];

describe('checkAddress()', () => {
  it('checkAddress() allows a public address with no options', () => {
    assert.equal(checkAddress('140.82.112.3').allowed, true);
    assert.equal(checkAddress('2606:4700::1111').allowed, true);
  });

  it('checkAddress() names the rule and the opt-ins when refusing a private address', () => {
    const verdict = checkAddress('10.0.0.5');
    assert.equal(verdict.allowed, false);
    assert.ok(!verdict.allowed);
    assert.equal(verdict.rule, 'private-address');
    assert.match(verdict.detail, /10\.0\.0\.5/);
    assert.match(verdict.detail, /clone\.allow_private_hosts/);
    assert.match(verdict.detail, /clone\.allowed_private_cidrs/);
  });

  for (const address of [...ALLOWABLE, ...ALLOWABLE_MORE]) {
    it(`checkAddress() refuses ${address} by default and allows it with allow_private_hosts`, () => {
      assert.equal(checkAddress(address).allowed, false);
      assert.equal(checkAddress(address, { allowPrivateHosts: true }).allowed, true);
    });
  }

  for (const address of [...NEVER, ...NEVER_MORE]) {
    it(`checkAddress() never allows ${address}, whatever the opt-ins`, () => {
      const everything = ['0.0.0.0/1', '128.0.0.0/1', '::/1', '8000::/1', '169.254.169.254/32'];
      const verdict = checkAddress(address, {
        allowPrivateHosts: true,
        allowedPrivateCidrs: everything,
      });
      assert.equal(verdict.allowed, false);
      assert.ok(!verdict.allowed);
      assert.match(verdict.detail, /never allowed/);
    });
  }

  it('checkAddress() names the metadata rule for the metadata address in every form', () => {
    for (const address of [
      '169.254.169.254',
      '::ffff:a9fe:a9fe',
      '64:ff9b::a9fe:a9fe',
      '2002:a9fe:a9fe::1',
    ]) {
      const verdict = checkAddress(address);
      assert.ok(!verdict.allowed);
      assert.equal(verdict.rule, 'metadata-address', address);
    }
  });

  it('checkAddress() allows a private address only inside a matching allowed_private_cidrs entry', () => {
    const options = { allowedPrivateCidrs: ['10.1.0.0/16', 'fd12:3456::/32'] };
    assert.equal(checkAddress('10.1.2.3', options).allowed, true);
    assert.equal(checkAddress('10.2.0.1', options).allowed, false);
    assert.equal(checkAddress('::ffff:10.1.2.3', options).allowed, true);
    assert.equal(checkAddress('fd12:3456::1', options).allowed, true);
    assert.equal(checkAddress('fd99::1', options).allowed, false);
  });

  it('checkAddress() ignores an entry that is not a CIDR instead of allowing anything', () => {
    assert.equal(
      checkAddress('10.0.0.5', { allowedPrivateCidrs: ['not-a-cidr', '10.0.0.5'] }).allowed,
      false,
    );
  });

  it('checkAddress() refuses what it cannot parse', () => {
    const verdict = checkAddress('2130706433', { allowPrivateHosts: true });
    assert.ok(!verdict.allowed);
    assert.equal(verdict.rule, 'invalid-address');
  });
});
