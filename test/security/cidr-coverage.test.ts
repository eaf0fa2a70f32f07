import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ipaddr from 'ipaddr.js';
import {
  describeTrustEverything,
  findTrustEverything,
  readAsPeerRange,
  type TrustEverything,
} from '../../src/security/cidr-coverage.js';

const cidrs = (list: string[]) => list.map((text) => ipaddr.parseCIDR(text));

describe('readAsPeerRange()', () => {
  it('readAsPeerRange() reads an IPv4-mapped range as IPv4 and leaves others as written', () => {
    const show = (text: string) => {
      const [address, bits] = readAsPeerRange(ipaddr.parseCIDR(text));
      return `${address.toString()}/${bits}`;
    };
    assert.equal(show('::ffff:10.0.0.0/104'), '10.0.0.0/8');
    assert.equal(show('::ffff:0:0/96'), '0.0.0.0/0');
    assert.equal(show('::/64'), '::/64');
    assert.equal(show('10.0.0.0/8'), '10.0.0.0/8');
  });
});

describe('findTrustEverything()', () => {
  const cases: Array<[string[], TrustEverything | null]> = [
    [['10.0.0.0/8', 'fd00::/8'], null],
    [['10.0.0.1/32', '0.0.0.0/0'], { kind: 'entry', index: 1 }],
    [['::ffff:0:0/96'], { kind: 'entry', index: 0 }],
    [['0.0.0.0/1', '128.0.0.0/1'], { kind: 'family', family: 'ipv4' }],
    [['::/1', '8000::/1'], { kind: 'family', family: 'ipv6' }],
    [['::ffff:0:0/97', '128.0.0.0/1'], { kind: 'family', family: 'ipv4' }],
    [['0.0.0.0/1', '128.0.0.0/2'], null],
  ];
  for (const [list, expected] of cases) {
    it(`findTrustEverything() gives ${JSON.stringify(expected)} for ${list.join(' + ')}`, () => {
      assert.deepEqual(findTrustEverything(cidrs(list)), expected);
    });
  }
});

describe('describeTrustEverything()', () => {
  it('describeTrustEverything() names the entry as written, or the family', () => {
    const list = ['10.0.0.1', '::ffff:0:0/96'];
    assert.equal(
      describeTrustEverything({ kind: 'entry', index: 1 }, list),
      '::ffff:0:0/96 trusts every address',
    );
    assert.equal(
      describeTrustEverything({ kind: 'family', family: 'ipv6' }, list),
      "together these entries trust every IPv6 address; list only the proxy's own addresses",
    );
  });
});
