// Waiting for clauster to come back after "Restart clauster" (pure: the probe, sleep and clock
// are passed in, so test/web/ runs it without a browser). It is back when /healthz answers OK
// after it failed at least once, or answers a `started_at` other than the one read before the
// restart (a supervisor that restarts faster than one poll leaves no failure to see).

/** One GET /healthz: ok false when the request failed or did not answer 200. */
export interface HealthAnswer {
  ok: boolean;
  /** `started_at` of an authenticated answer; null when absent. */
  startedAt: string | null;
}

export interface RestartWaitOptions {
  /** `started_at` before the restart (null when unknown). */
  before: string | null;
  probe(): Promise<HealthAnswer>;
  sleep(ms: number): Promise<void>;
  now(): number;
}

/** Between polls. */
const RESTART_POLL_MS = 1000;
/** Give up after this long. */
const RESTART_LIMIT_MS = 60_000;

/** Polls until clauster is back (`back`) or the limit passed (`timeout`). */
export async function waitForRestart(options: RestartWaitOptions): Promise<'back' | 'timeout'> {
  const deadline = options.now() + RESTART_LIMIT_MS;
  let wentDown = false;
  while (options.now() < deadline) {
    await options.sleep(RESTART_POLL_MS);
    const answer = await options.probe();
    if (!answer.ok) {
      wentDown = true;
      continue;
    }
    const restarted =
      answer.startedAt !== null && options.before !== null && answer.startedAt !== options.before;
    if (wentDown || restarted) return 'back';
  }
  return 'timeout';
}
