/**
 * Stopping a bridge (design §4): SIGINT to its process group, a grace period, then SIGKILL to
 * the whole group — which also ends a bridge that ignores SIGINT/SIGTERM (claude-cli.md #91321)
 * and any session processes it left behind. With `group: false` (an adopted bridge that does
 * not lead its own group) only the pid itself is signalled, and `isStillTarget` is asked
 * before the SIGKILL so a pid reused during the grace is never killed.
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

export interface StopOptions {
  graceMs: number;
  killWaitMs: number;
  onEscalate?: () => void;
  /** False: signal the pid alone (default: its whole process group). */
  group?: boolean;
  /** Asked right before SIGKILL; false means `pid` is no longer the process and is left alone. */
  isStillTarget?: () => Promise<boolean>;
}

/** Signals the group led by `pid` and waits for `exited`; escalates to SIGKILL after the grace. */
export async function stopProcessGroup(
  pid: number,
  exited: Promise<unknown>,
  options: StopOptions,
  deps: { processes: Processes },
): Promise<StopOutcome> {
  const group = options.group ?? true;
  if (!deps.processes.signal(pid, 'SIGINT', group)) {
    // No such group any more: the leader is already gone (or about to be reaped).
    return (await within(exited, options.killWaitMs)) ? 'exited' : 'stuck';
  }
  if (await within(exited, options.graceMs)) return 'exited';
  // Why: the bridge may have ended during the grace and its pid been given to another process.
  if (options.isStillTarget !== undefined && !(await options.isStillTarget())) {
    await within(exited, options.killWaitMs);
    return 'exited';
  }
  // Told before the signal, so whoever handles the exit already knows it was forced.
  options.onEscalate?.();
  deps.processes.signal(pid, 'SIGKILL', group);
  return (await within(exited, options.killWaitMs)) ? 'killed' : 'stuck';
}

/** The stored reason of a stop that needed SIGKILL, worded by what was signalled; else null. */
export function describeStopOutcome(
  outcome: StopOutcome | null,
  graceMs: number,
  group: boolean,
): string | null {
  const seconds = Math.round(graceMs / 100) / 10;
  const target = group ? 'the process group' : 'the process alone (not its process group)';
  if (outcome === 'killed')
    return `did not exit within ${seconds} s of SIGINT; killed ${target} with SIGKILL`;
  if (outcome === 'stuck') {
    return group
      ? 'still present after SIGKILL of its process group'
      : 'still present after SIGKILL of its pid (its process group was not signalled)';
  }
  return null;
}
