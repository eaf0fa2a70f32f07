/**
 * Small in-process concurrency helpers (core and edge may both import this): a FIFO limit on
 * tasks running at once, sharing of one running task per key, and a per-key queue that runs
 * tasks of the same key one after the other.
 */

/** A FIFO semaphore: the returned runner waits until fewer than `limit` tasks are active. */
export function createConcurrencyLimiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await task();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

/**
 * One running task per key: a second call with the same key while the first runs gets the
 * first one's promise instead of starting its own.
 */
export function createSingleFlight<T>(): (key: string, task: () => Promise<T>) => Promise<T> {
  const running = new Map<string, Promise<T>>();
  return (key, task) => {
    const known = running.get(key);
    if (known !== undefined) return known;
    const started = task();
    running.set(key, started);
    const forget = () => {
      if (running.get(key) === started) running.delete(key);
    };
    started.then(forget, forget);
    return started;
  };
}

/** Tasks of one key run one after the other, in call order; other keys do not wait. */
export function createKeyedQueue(): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const run = (tails.get(key) ?? Promise.resolve()).then(task);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, settled);
    void settled.then(() => {
      if (tails.get(key) === settled) tails.delete(key);
    });
    return run;
  };
}
