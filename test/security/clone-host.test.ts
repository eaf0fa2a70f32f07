import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatUrlHost, parseCloneHost } from '../../src/security/clone-host.js';
import { oddSpellings } from '../support/ipv4-spellings.js';

describe('parseCloneHost()', () => {
  it('parseCloneHost() accepts a strict dotted quad as an IPv4 literal', () => {
    assert.deepEqual(parseCloneHost('140.82.112.3'), {
      ok: true,
      host: '140.82.112.3',
      kind: 'ipv4',
    });
  });

  it('parseCloneHost() lowercases names and compresses IPv6 literals', () => {
    assert.deepEqual(parseCloneHost('GitHub.com'), { ok: true, host: 'github.com', kind: 'name' });
    assert.deepEqual(parseCloneHost('[2606:4700:0000::0001]'), {
      ok: true,
      host: '2606:4700::1',
      kind: 'ipv6',
    });
  });

  it('parseCloneHost() refuses every odd spelling of any IPv4 address (property)', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(fc.tuple(octet, octet, octet, octet), (octets) => {
        for (const spelling of oddSpellings(octets)) {
          const verdict = parseCloneHost(spelling);
          assert.equal(verdict.ok, false, `${spelling} was accepted`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('parseCloneHost() refuses a name longer than 253 characters', () => {
    const verdict = parseCloneHost(`${'a'.repeat(60)}.`.repeat(5).slice(0, -1));
    assert.equal(verdict.ok, false);
    assert.ok(!verdict.ok);
    assert.equal(verdict.rule, 'invalid-host');
  });

  it('parseCloneHost() reports the punycode form of a non-ASCII host', () => {
    const verdict = parseCloneHost('bücher.example');
    assert.ok(!verdict.ok);
    assert.equal(verdict.rule, 'invalid-host');
    assert.match(verdict.detail, /xn--bcher-kva\.example/);
  });
});

describe('formatUrlHost()', () => {
  it('formatUrlHost() brackets IPv6 literals only', () => {
    assert.equal(formatUrlHost('::1', 'ipv6'), '[::1]');
    assert.equal(formatUrlHost('1.2.3.4', 'ipv4'), '1.2.3.4');
  });
});
