import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLoginThrottle } from '../../src/auth/login-throttle.js';
import { createTestClock } from '../support/auth-app.js';

function fail(throttle: ReturnType<typeof createLoginThrottle>, key: string): void {
  const attempt = throttle.attempt(key);
  assert.ok(attempt.allowed, `attempt for ${key} should be allowed`);
}

describe('createLoginThrottle()', () => {
  it('attempt() refuses the 6th try within 5 minutes and says when to retry', () => {
    const clock = createTestClock(1_000_000);
    const throttle = createLoginThrottle({}, { clock });
    for (let i = 0; i < 5; i += 1) {
      fail(throttle, 'ip:10.0.0.1');
      clock.advance(10_000);
    }
    const refused = throttle.attempt('ip:10.0.0.1');
    assert.equal(refused.allowed, false);
    // first failure at t0, now t0+50 s: 250 s left
    if (!refused.allowed) assert.equal(refused.retryAfterSeconds, 250);
    assert.ok(throttle.attempt('ip:10.0.0.2').allowed, 'other keys are unaffected');
  });

  it('attempt() allows the key again once the window has passed', () => {
    const clock = createTestClock(1_000_000);
    const throttle = createLoginThrottle({}, { clock });
    for (let i = 0; i < 5; i += 1) fail(throttle, 'k');
    clock.advance(299_000);
    assert.equal(throttle.check('k').allowed, false);
    clock.advance(1_000);
    assert.ok(throttle.attempt('k').allowed);
  });

  it('succeeded() clears the key and un-counts the attempt', () => {
    const clock = createTestClock(1_000_000);
    const throttle = createLoginThrottle({ globalLimit: 5 }, { clock });
    for (let i = 0; i < 4; i += 1) fail(throttle, 'k');
    const good = throttle.attempt('k');
    assert.ok(good.allowed);
    good.succeeded();
    assert.ok(throttle.check('k').allowed);
    // 4 failures remain counted globally (limit 5): one more failure is still allowed
    assert.ok(throttle.check('other').allowed);
  });

  it('attempt() caps failures across all keys at 30 per hour', () => {
    const clock = createTestClock(1_000_000);
    const throttle = createLoginThrottle({}, { clock });
    for (let i = 0; i < 30; i += 1) {
      fail(throttle, `ip:10.0.${i}.1`);
      clock.advance(60_000);
    }
    const refused = throttle.attempt('ip:192.168.1.1');
    assert.equal(refused.allowed, false);
    // oldest at t0, now t0+30 min: 30 min left
    if (!refused.allowed) assert.equal(refused.retryAfterSeconds, 1800);
    clock.advance(1_800_000);
    assert.ok(throttle.attempt('ip:192.168.1.1').allowed);
  });

  it('attempt() counts parallel attempts before their outcome is known', () => {
    const throttle = createLoginThrottle({}, { clock: createTestClock() });
    const attempts = Array.from({ length: 20 }, () => throttle.attempt('k'));
    assert.equal(attempts.filter((a) => a.allowed).length, 5);
  });

  it('recordFailure() counts only failures: checks alone never lock a key', () => {
    const clock = createTestClock(0);
    const throttle = createLoginThrottle({}, { clock });
    for (let i = 0; i < 50; i += 1) assert.ok(throttle.check('k').allowed);
    for (let i = 0; i < 4; i += 1) throttle.recordFailure('k');
    assert.ok(throttle.check('k').allowed);
    throttle.recordFailure('k');
    const refused = throttle.check('k');
    assert.equal(refused.allowed, false);
    if (!refused.allowed) assert.equal(refused.retryAfterSeconds, 300);
    assert.ok(throttle.check('other').allowed);
    clock.advance(300_000);
    assert.ok(throttle.check('k').allowed, 'recovers after the window');
  });

  it('attempt() does not extend the lock with refused attempts', () => {
    const clock = createTestClock(0);
    const throttle = createLoginThrottle({}, { clock });
    for (let i = 0; i < 5; i += 1) fail(throttle, 'k');
    for (let i = 0; i < 50; i += 1) {
      clock.advance(5_000);
      throttle.attempt('k');
    }
    clock.advance(50_000);
    assert.ok(throttle.attempt('k').allowed);
  });
});
