/**
 * Stopping a bridge (design §4): SIGINT to its process group, a grace period, then SIGKILL to
 * the whole group — which also ends a bridge that ignores SIGINT/SIGTERM (claude-cli.md #91321)
 * and any session processes it left behind.
 */
import type { Processes } from '../system/ports.js';

export type StopOutcome = 'exited' | 'killed' | 'stuck';

function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(true);
      },
    );
  });
}

/** Signals the group led by `pid` and waits for `exited`; escalates to SIGKILL after the grace. */
export async function stopProcessGroup(
  pid: number,
  exited: Promise<unknown>,
  options: { graceMs: number; killWaitMs: number; onEscalate?: () => void },
  deps: { processes: Processes },
): Promise<StopOutcome> {
  if (!deps.processes.signal(pid, 'SIGINT', true)) {
    // No such group any more: the leader is already gone (or about to be reaped).
    return (await within(exited, options.killWaitMs)) ? 'exited' : 'stuck';
  }
  if (await within(exited, options.graceMs)) return 'exited';
  // Told before the signal, so whoever handles the exit already knows it was forced.
  options.onEscalate?.();
  deps.processes.signal(pid, 'SIGKILL', true);
  return (await within(exited, options.killWaitMs)) ? 'killed' : 'stuck';
}
