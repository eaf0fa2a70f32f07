import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogThrottle } from '../../src/security/log-throttle.js';
import { createTestClock } from '../support/auth-app.js';

describe('createLogThrottle()', () => {
  it('take() allows one line per key per minute', () => {
    const clock = createTestClock(0);
    const throttle = createLogThrottle({}, { clock });
    assert.equal(throttle.take('a.example'), true);
    assert.equal(throttle.take('a.example'), false);
    assert.equal(throttle.take('b.example'), true, 'another key has its own minute');
    clock.advance(59_999);
    assert.equal(throttle.take('a.example'), false);
    clock.advance(1);
    assert.equal(throttle.take('a.example'), true);
    assert.equal(throttle.take('a.example'), false);
  });

  it('take() keeps at most maxKeys keys: a flood of new keys is not logged until slots expire', () => {
    const clock = createTestClock(0);
    const throttle = createLogThrottle({ maxKeys: 3 }, { clock });
    const taken = ['k1', 'k2', 'k3', 'k4', 'k5'].map((key) => throttle.take(key));
    assert.deepEqual(taken, [true, true, true, false, false]);
    assert.equal(throttle.take('k1'), false, 'a remembered key stays throttled');
    clock.advance(30_000);
    assert.equal(throttle.take('k4'), false, 'no slot has expired yet');
    clock.advance(30_000);
    assert.equal(throttle.take('k4'), true, 'expired slots are freed');
    assert.equal(throttle.take('k1'), true);
  });

  it('take() remembers only the first maxKeyLength characters of a key', () => {
    const clock = createTestClock(0);
    const throttle = createLogThrottle({ maxKeyLength: 8 }, { clock });
    assert.equal(throttle.take(`12345678${'x'.repeat(10_000)}`), true);
    assert.equal(throttle.take('12345678-other-tail'), false);
  });
});
