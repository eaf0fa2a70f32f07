import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { computeBackoffMs, createAutostartScheduler } from '../../src/bridges/autostart.js';

const OPTIONS = { initialMs: 1000, maxMs: 8000, stableMs: 60_000 };

describe('computeBackoffMs()', () => {
  it('computeBackoffMs() doubles from the initial delay up to the cap', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 40].map((n) => computeBackoffMs(n, OPTIONS)),
      [1000, 2000, 4000, 8000, 8000, 8000],
    );
  });
});

describe('createAutostartScheduler()', () => {
  it('createAutostartScheduler() backs off between attempts and resets after a stable run', () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const runs: string[] = [];
      const scheduler = createAutostartScheduler((p) => runs.push(p), OPTIONS);
      assert.equal(scheduler.schedule('app', null), 1000);
      mock.timers.tick(999);
      assert.deepEqual(runs, []);
      mock.timers.tick(1);
      assert.deepEqual(runs, ['app']);
      assert.equal(scheduler.schedule('app', 500), 2000);
      assert.equal(scheduler.schedule('app', 500), 4000);
      assert.equal(
        scheduler.schedule('app', 120_000),
        1000,
        'a bridge that lived long resets the backoff',
      );
      scheduler.cancel('app');
      mock.timers.tick(10_000);
      assert.deepEqual(runs, ['app'], 'a cancelled attempt never runs');
      assert.equal(scheduler.attempts('app'), 0, 'cancel() forgets the backoff');
      scheduler.close();
    } finally {
      mock.timers.reset();
    }
  });
});
