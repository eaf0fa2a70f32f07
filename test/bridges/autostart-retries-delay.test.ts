// createAutostartRetries() and the time left: each scheduled retry carries `delay_ms` (its
// backoff, by the server's clock) beside `retry_at`, and pending() recomputes it from the
// clock when called (the /ws/events snapshot), never below 0, so a browser whose clock is
// off counts down from its receipt time instead of comparing `retry_at` with its own clock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAutostartRetries } from '../../src/bridges/autostart-retries.js';
import type { ClausterEvent } from '../../src/events/bus.js';
import { ok } from '../../src/result.js';

const T0 = Date.parse('2026-07-01T10:00:00.000Z');

describe('createAutostartRetries() delay_ms', () => {
  it('publishes the backoff as delay_ms and pending() counts it down by the clock', () => {
    const events: ClausterEvent[] = [];
    let now = T0;
    const retries = createAutostartRetries(
      async () => ok(undefined),
      {
        backoff: { initialMs: 60_000, maxMs: 60_000, stableMs: 60_000 },
        isClosing: () => false,
        tracker: { all: () => [], findLive: () => null },
        changes: { note: () => undefined },
      },
      {
        bus: { publish: (event) => events.push(event) },
        clock: { now: () => now },
      },
    );
    try {
      assert.equal(retries.schedule('notes', null), 60_000);
      const retry_at = '2026-07-01T10:01:00.000Z';
      const pending = { project: 'notes', retry_at, attempt: 1, refused: null };
      assert.deepEqual(events, [{ type: 'autostart', ...pending, delay_ms: 60_000 }]);
      assert.deepEqual(retries.pending(), [{ ...pending, delay_ms: 60_000 }]);
      now = T0 + 25_000;
      assert.deepEqual(retries.pending(), [{ ...pending, delay_ms: 35_000 }]);
      now = T0 + 61_000; // late (the timer is real): still listed, never negative
      assert.deepEqual(retries.pending(), [{ ...pending, delay_ms: 0 }]);
    } finally {
      retries.close();
    }
  });
});
