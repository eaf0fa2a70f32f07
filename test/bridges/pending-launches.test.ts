// The in-flight set close() drains: it waits for every task, and no longer than its bound.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPendingLaunches } from '../../src/bridges/pending-launches.js';

function deferred<T>() {
  let resolve = (_value: T): void => {};
  let reject = (_error: unknown): void => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createPendingLaunches()', () => {
  it('drain() resolves true at once when nothing is in flight', async () => {
    assert.equal(await createPendingLaunches().drain(60_000), true);
  });

  it('drain() waits for every task in flight, failed ones included', async () => {
    const pending = createPendingLaunches();
    const a = deferred<string>();
    const b = deferred<string>();
    const ran = pending.run(() => a.promise);
    const failed = pending.run(() => b.promise).catch((error: Error) => error.message);
    let drained = false;
    const draining = pending.drain(60_000).then((value) => {
      drained = value;
      return value;
    });
    a.resolve('a');
    assert.equal(await ran, 'a', 'run() passes the result through');
    assert.equal(drained, false, 'one task is still in flight');
    b.reject(new Error('b'));
    assert.equal(await failed, 'b');
    assert.equal(await draining, true);
    assert.equal(await pending.drain(60_000), true, 'settled tasks are forgotten');
  });

  it('drain() gives up after its bound and says so', async () => {
    const pending = createPendingLaunches();
    const never = deferred<void>();
    void pending.run(() => never.promise);
    assert.equal(await pending.drain(20), false);
    never.resolve();
  });
});
