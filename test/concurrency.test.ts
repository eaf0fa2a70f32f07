import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createConcurrencyLimiter,
  createKeyedQueue,
  createSingleFlight,
} from '../src/concurrency.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createConcurrencyLimiter()', () => {
  it('createConcurrencyLimiter() never runs more than the limit at once', async () => {
    const run = createConcurrencyLimiter(2);
    let active = 0;
    let peak = 0;
    const task = async (): Promise<number> => {
      active += 1;
      peak = Math.max(peak, active);
      await pause(5);
      active -= 1;
      return 1;
    };
    const results = await Promise.all(Array.from({ length: 20 }, () => run(task)));
    assert.equal(results.length, 20);
    assert.equal(peak, 2);
  });

  it('createConcurrencyLimiter() frees a slot when a task throws', async () => {
    const run = createConcurrencyLimiter(1);
    await assert.rejects(run(() => Promise.reject(new Error('boom'))));
    assert.equal(await run(() => Promise.resolve(7)), 7);
  });
});

describe('createSingleFlight()', () => {
  it('createSingleFlight() shares a running task per key and starts anew afterwards', async () => {
    const once = createSingleFlight<number>();
    let calls = 0;
    const task = async () => {
      calls += 1;
      await pause(5);
      return calls;
    };
    const [a, b, c] = await Promise.all([once('k', task), once('k', task), once('other', task)]);
    assert.deepEqual([a === b, calls], [true, 2]);
    assert.notEqual(c, undefined);
    assert.equal(await once('k', task), 3);
    await assert.rejects(once('k', () => Promise.reject(new Error('boom'))));
    assert.equal(await once('k', task), 4);
  });
});

describe('createKeyedQueue()', () => {
  it('createKeyedQueue() runs tasks of one key one at a time, in order, past a failure', async () => {
    const queue = createKeyedQueue();
    const order: string[] = [];
    let active = 0;
    let peak = 0;
    const task =
      (name: string, fail = false) =>
      async () => {
        active += 1;
        peak = Math.max(peak, active);
        await pause(5);
        order.push(name);
        active -= 1;
        if (fail) throw new Error(name);
        return name;
      };
    const all = Promise.allSettled([
      queue('p', task('a')),
      queue('p', task('b', true)),
      queue('p', task('c')),
    ]);
    const settled = await all;
    assert.deepEqual(order, ['a', 'b', 'c']);
    assert.equal(peak, 1);
    assert.deepEqual(
      settled.map((one) => one.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
  });
});
