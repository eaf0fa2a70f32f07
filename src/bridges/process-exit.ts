/**
 * The end of a bridge that is not our child (re-adopted after a dashboard restart). Invariant:
 * a pid counts as the bridge only while pid, start ticks, boot id and a `remote-control`
 * command line all match the record, so a recycled pid is never taken for the bridge.
 */
import { runsBridgeCommand } from '../claude/bridge-pointer.js';
import type { Clock, Processes, ProcessIdentity } from '../system/ports.js';

/** A re-adopted bridge's full /proc identity is re-checked at least this often. */
const IDENTITY_RECHECK_MS = 5_000;

export type ExitSignal = 'gone' | 'recycled';

/** True when `identity` is the process recorded as (pid, start ticks, boot id, remote-control). */
export function isSameBridgeProcess(
  identity: ProcessIdentity | null,
  expected: { pid: number | null; proc_start_ticks: number | null; boot_id: string | null },
): boolean {
  if (identity === null || expected.pid === null) return false;
  return (
    identity.pid === expected.pid &&
    identity.startTicks === expected.proc_start_ticks &&
    identity.bootId === expected.boot_id &&
    // An adopted bridge may run under an alias of the subcommand (`claude rc`).
    runsBridgeCommand(identity.cmdline)
  );
}

/**
 * Notices the end of a re-adopted bridge: every `intervalMs` a signal-0 probe (one syscall),
 * and at least every 5 s the full /proc identity (a zombie or a recycled pid passes the probe).
 */
export function watchProcessExit(
  expected: { pid: number | null; proc_start_ticks: number | null; boot_id: string | null },
  intervalMs: number,
  deps: { processes: Processes; clock?: Clock },
): { exited: Promise<ExitSignal>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  let cancelled = false;
  const every = Math.max(1, Math.round(IDENTITY_RECHECK_MS / Math.max(1, intervalMs)));
  let ticks = 0;
  const exited = new Promise<ExitSignal>((resolve) => {
    const tick = async () => {
      if (cancelled) return;
      const pid = expected.pid;
      if (pid === null || !deps.processes.signal(pid, 0)) return resolve('gone');
      if (ticks % every === 0) {
        const identity = await deps.processes.identity(pid);
        if (cancelled) return;
        if (identity === null) return resolve('gone');
        if (!isSameBridgeProcess(identity, expected)) return resolve('recycled');
      }
      ticks += 1;
      timer = setTimeout(tick, intervalMs);
      timer.unref();
    };
    void tick();
  });
  return {
    exited,
    cancel() {
      cancelled = true;
      clearTimeout(timer);
    },
  };
}
