import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CAP_WARNING_INTERVAL_MS,
  createPeerConnectionCap,
  isCapExemptPeer,
  MAX_CONNECTIONS_PER_PEER,
} from '../../src/security/connection-cap.js';
import { parseTrustedPeers, type TrustedPeers } from '../../src/security/proxy-trust.js';
import { createTestClock } from '../support/auth-app.js';

function trustedOf(list: string[]): TrustedPeers {
  const parsed = parseTrustedPeers(list);
  assert.ok(parsed.ok);
  return parsed.value;
}

const never = () => false;

describe('isCapExemptPeer()', () => {
  const none = trustedOf([]);
  const proxy = trustedOf(['10.0.0.0/24', 'fd00::7']);
  const cases: [string | null, TrustedPeers, boolean][] = [
    ['127.0.0.1', none, true],
    ['127.9.9.9', none, true],
    ['::1', none, true],
    ['::ffff:127.0.0.1', none, true],
    ['10.0.0.5', none, false],
    ['10.0.0.5', proxy, true],
    ['::ffff:10.0.0.5', proxy, true],
    ['10.0.1.5', proxy, false],
    ['fd00::7', proxy, true],
    ['fd00::8', proxy, false],
    ['192.168.1.20', proxy, false],
    ['fe80::1%eth0', none, false],
    ['not-an-address', none, false],
    [null, proxy, false],
  ];
  for (const [peer, trusted, expected] of cases) {
    it(`isCapExemptPeer() is ${expected} for ${peer} (${trusted.cidrs.length} trusted)`, () => {
      assert.equal(isCapExemptPeer(peer, trusted), expected);
    });
  }
});

describe('createPeerConnectionCap()', () => {
  it('admit() refuses the connection past the cap of its address, and only of its address', () => {
    const cap = createPeerConnectionCap(
      { isExempt: never, maxPerPeer: 3 },
      { clock: createTestClock(0) },
    );
    for (let i = 0; i < 3; i += 1)
      assert.deepEqual(cap.admit('10.0.0.1'), { admitted: true, key: '10.0.0.1' });
    const refused = cap.admit('10.0.0.1');
    assert.deepEqual(refused, { admitted: false, peer: '10.0.0.1', open: 3, warn: true });
    // The IPv4-mapped spelling of the same client is the same peer.
    assert.equal(cap.admit('::ffff:10.0.0.1').admitted, false);
    assert.equal(cap.admit('10.0.0.2').admitted, true);
    assert.equal(cap.openFor('10.0.0.1'), 3);
    assert.equal(cap.openFor('10.0.0.2'), 1);
  });

  it('release() frees one place; counts never go below zero', () => {
    const cap = createPeerConnectionCap(
      { isExempt: never, maxPerPeer: 2 },
      { clock: createTestClock(0) },
    );
    const first = cap.admit('192.168.1.9');
    assert.ok(first.admitted);
    assert.ok(cap.admit('192.168.1.9').admitted);
    assert.equal(cap.admit('192.168.1.9').admitted, false);
    cap.release(first.key);
    assert.equal(cap.openFor('192.168.1.9'), 1);
    assert.ok(cap.admit('192.168.1.9').admitted);
    cap.release('192.168.1.9');
    cap.release('192.168.1.9');
    cap.release('192.168.1.9');
    cap.release(null);
    assert.equal(cap.openFor('192.168.1.9'), 0);
    assert.ok(cap.admit('192.168.1.9').admitted);
  });

  it('admit() asks for a warning at most once per peer per interval', () => {
    const clock = createTestClock(1_000);
    const cap = createPeerConnectionCap({ isExempt: never, maxPerPeer: 1 }, { clock });
    cap.admit('10.0.0.1');
    cap.admit('10.0.0.2');
    const warns = (address: string) => {
      const result = cap.admit(address);
      assert.equal(result.admitted, false);
      return !result.admitted && result.warn;
    };
    assert.equal(warns('10.0.0.1'), true);
    assert.equal(warns('10.0.0.1'), false);
    assert.equal(warns('10.0.0.2'), true, 'another peer warns on its own');
    clock.advance(CAP_WARNING_INTERVAL_MS - 1);
    assert.equal(warns('10.0.0.1'), false);
    clock.advance(1);
    assert.equal(warns('10.0.0.1'), true);
    assert.equal(CAP_WARNING_INTERVAL_MS, 60_000);
  });

  it('admit() never counts an exempt peer', () => {
    const trusted = trustedOf(['10.0.0.9']);
    const isExempt = (peer: string | null) => isCapExemptPeer(peer, trusted);
    const cap = createPeerConnectionCap({ isExempt, maxPerPeer: 1 }, { clock: createTestClock(0) });
    for (const address of ['127.0.0.1', '::1', '::ffff:10.0.0.9', '10.0.0.9']) {
      for (let i = 0; i < 5; i += 1)
        assert.deepEqual(cap.admit(address), { admitted: true, key: null });
      assert.equal(cap.openFor(address), 0);
    }
    assert.ok(cap.admit('10.0.0.8').admitted);
    assert.equal(cap.admit('10.0.0.8').admitted, false);
  });

  it('admit() counts every address that does not parse under one shared key', () => {
    const cap = createPeerConnectionCap(
      { isExempt: never, maxPerPeer: 2 },
      { clock: createTestClock(0) },
    );
    assert.ok(cap.admit(undefined).admitted);
    assert.ok(cap.admit('garbage').admitted);
    const refused = cap.admit('');
    assert.equal(refused.admitted, false);
    assert.equal(!refused.admitted && refused.peer, 'unknown');
  });

  it('admit() holds 32 connections per address by default', () => {
    const cap = createPeerConnectionCap({ isExempt: never }, { clock: createTestClock(0) });
    assert.equal(MAX_CONNECTIONS_PER_PEER, 32);
    for (let i = 0; i < 32; i += 1) assert.ok(cap.admit('10.1.2.3').admitted);
    assert.equal(cap.admit('10.1.2.3').admitted, false);
  });

  it('warnGlobalCap() answers true at most once per interval', () => {
    const clock = createTestClock(0);
    const cap = createPeerConnectionCap({ isExempt: never, maxPerPeer: 1 }, { clock });
    assert.equal(cap.warnGlobalCap(), true);
    assert.equal(cap.warnGlobalCap(), false);
    cap.admit('10.0.0.1');
    const refused = cap.admit('10.0.0.1');
    assert.equal(!refused.admitted && refused.warn, true, 'a peer has its own interval');
    clock.advance(CAP_WARNING_INTERVAL_MS);
    assert.equal(cap.warnGlobalCap(), true);
  });
});
