import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cidrContains, parseCanonicalCidr } from '../../src/config/cidr.js';

describe('parseCanonicalCidr()', () => {
  const cases: Array<[string, boolean, string | null]> = [
    ['10.0.0.0/8', false, null],
    ['192.168.1.0/24', false, null],
    ['fd12:3456::/32', false, null],
    ['10.0.0.1', true, null],
    ['::1', true, null],
    ['10.0.0.1', false, 'no-prefix'],
    ['10.0.0.1/8', false, 'host-bits-set'],
    ['10.0.0.0/33', false, 'not-a-cidr'],
    ['10.0.0.0/08', false, 'not-a-cidr'],
    ['10.0.0.0/', false, 'not-a-cidr'],
    [' 10.0.0.0/8', false, 'not-a-cidr'],
    ['10.0.0.0/8 ', false, 'not-a-cidr'],
    ['010.0.0.0/8', false, 'not-a-cidr'],
    ['10.0/16', false, 'not-a-cidr'],
    ['git.lan/24', false, 'not-a-cidr'],
    ['FD00::/8', false, 'not-canonical'],
    ['fd00:0::/8', false, 'not-canonical'],
    ['fe80::1%eth0/64', false, 'not-a-cidr'],
    ['::/129', false, 'not-a-cidr'],
  ];
  for (const [text, bare, code] of cases) {
    it(`parseCanonicalCidr() ${code ?? 'accepts'} ${JSON.stringify(text)}${bare ? ' (bare allowed)' : ''}`, () => {
      const result = parseCanonicalCidr(text, { allowBareAddress: bare });
      assert.equal(result.ok ? null : result.code, code);
    });
  }
});

describe('cidrContains()', () => {
  it('cidrContains() matches within a family and never across families', () => {
    const v4 = parseCanonicalCidr('169.254.0.0/16');
    const v6 = parseCanonicalCidr('::ffff:0:0/96');
    assert.ok(v4.ok && v6.ok);
    assert.equal(cidrContains(v4.value, '169.254.169.254'), true);
    assert.equal(cidrContains(v4.value, '::ffff:169.254.169.254'), false);
    assert.equal(cidrContains(v6.value, '::ffff:169.254.169.254'), true);
    assert.equal(cidrContains(v6.value, '169.254.169.254'), false);
    assert.equal(cidrContains(v4.value, 'not-an-ip'), false);
  });
});
