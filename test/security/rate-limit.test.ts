import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRateLimiter } from '../../src/security/rate-limit.js';
import { createTestClock } from '../support/auth-app.js';

describe('createRateLimiter()', () => {
  it('take() allows a burst of 40, then 20 per second, per key', () => {
    const clock = createTestClock(0);
    const limiter = createRateLimiter({}, { clock });
    for (let i = 0; i < 40; i += 1) assert.ok(limiter.take('a').allowed);
    const refused = limiter.take('a');
    assert.equal(refused.allowed, false);
    if (!refused.allowed) assert.equal(refused.retryAfterSeconds, 1);
    assert.ok(limiter.take('b').allowed);
    clock.advance(1_000);
    let allowed = 0;
    for (let i = 0; i < 40; i += 1) if (limiter.take('a').allowed) allowed += 1;
    assert.equal(allowed, 20);
  });
});
