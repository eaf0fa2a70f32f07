/**
 * Stopping one tracked bridge (design §4): what gets the signals. Invariant: a signal reaches
 * only the process recorded as the bridge. Its identity is checked before SIGINT; its process
 * group is signalled only when clauster launched it, or when the adopted process provably
 * still leads it (same start ticks as the record, read with the group id); and a bridge
 * signalled alone is checked again right before SIGKILL.
 */
import type { Logger, Processes } from '../system/ports.js';
import { describeStopOutcome, type StopOutcome, stopProcessGroup } from './bridge-stop.js';
import type { BridgeTracker, Tracked } from './bridge-tracker.js';
import type { BridgeRecord } from './record.js';
import type { Transitions } from './transitions.js';

/** How long to wait for the exit after SIGKILL before calling the bridge stuck. */
const KILL_WAIT_MS = 10_000;

/**
 * Whether stopping may signal the bridge's process group: always for a bridge clauster
 * launched (it leads its own group), for an adopted one only while it still leads its group
 * (a terminal's pipeline or script may share it).
 */
async function canSignalGroup(
  record: Pick<BridgeRecord, 'pid' | 'adopted' | 'proc_start_ticks'>,
  deps: { processes: Pick<Processes, 'placement'> },
): Promise<boolean> {
  if (record.adopted !== true) return true;
  if (record.pid === null) return false;
  const placement = await deps.processes.placement(record.pid);
  // Why the start ticks: the group id must be read from the bridge itself, not from a
  // process that took over its pid since the identity check.
  return (
    placement !== null &&
    placement.startTicks === record.proc_start_ticks &&
    placement.pgid === record.pid
  );
}

/** Stops `t` (its end is still pending): SIGINT, the grace, then SIGKILL; says how it went. */
export async function stopTrackedBridge(
  t: Tracked,
  context: { tracker: Pick<BridgeTracker, 'isStillOurs'>; graceMs: number },
  deps: { processes: Processes },
): Promise<StopOutcome> {
  const { pid } = t.record;
  if (t.exit === null || pid === null) return 'exited';
  if (!(await context.tracker.isStillOurs(t))) return 'exited';
  const group = await canSignalGroup(t.record, deps);
  t.stopGroup = group;
  const isStillTarget = () => context.tracker.isStillOurs(t);
  return stopProcessGroup(
    pid,
    t.exit,
    {
      graceMs: context.graceMs,
      killWaitMs: KILL_WAIT_MS,
      onEscalate: () => {
        t.stopOutcome = 'killed';
      },
      group,
      // A group SIGKILL also ends the session processes a dead leader left; the pid alone is
      // re-checked, since it may name another process by then.
      ...(group ? {} : { isStillTarget }),
    },
    deps,
  );
}

/**
 * A stop on request: `intentional_stop` is saved first (so a dashboard that dies during the
 * grace resumes it at its next start), then the bridge is stopped and its end awaited. `action`
 * is the audit line (bridge.stop-requested, bridge.stop-resumed).
 */
export async function runRequestedStop(
  t: Tracked,
  action: string,
  context: {
    tracker: Pick<BridgeTracker, 'isStillOurs'>;
    changes: Pick<Transitions, 'note' | 'persist' | 'apply'>;
    graceMs: number;
  },
  deps: { processes: Processes; logger?: Logger },
): Promise<void> {
  t.record.intentional_stop = true;
  context.changes.note(t, action);
  await context.changes.persist();
  // 'exited' at once for a bridge with no pending end (no pid, or its end already settled).
  const outcome = await stopTrackedBridge(t, context, deps);
  if (outcome === 'stuck') {
    // Unkillable (e.g. uninterruptible I/O): say so; its eventual exit still settles it.
    deps.logger?.error('bridge still present after SIGKILL', {
      bridge_id: t.record.id,
      pid: t.record.pid,
    });
    await context.changes.apply(t, {
      status: 'error',
      reason: describeStopOutcome(outcome, context.graceMs, t.stopGroup),
    });
    return;
  }
  await t.settled;
}
