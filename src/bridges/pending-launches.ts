/**
 * The starts and adopts in flight, so closing the supervisor can wait for them to record what
 * they spawned or took over. Invariant: `drain` returns within `ms` whatever they do; a launch
 * still running then is found again from its `starting` record (launch-recovery.ts).
 */

export interface PendingLaunches {
  /** Runs `task` and counts it as in flight until it settles. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Waits until nothing is in flight or `ms` passed; false when some were still running. */
  drain(ms: number): Promise<boolean>;
}

/** Creates the in-flight set of one supervisor. */
export function createPendingLaunches(): PendingLaunches {
  const inFlight = new Set<Promise<unknown>>();
  return {
    run(task) {
      const running = task();
      inFlight.add(running);
      const forget = () => {
        inFlight.delete(running);
      };
      running.then(forget, forget);
      return running;
    },
    async drain(ms) {
      if (inFlight.size === 0) return true;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), ms);
      });
      const settled = Promise.allSettled([...inFlight]).then(() => true);
      try {
        return await Promise.race([settled, timedOut]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
