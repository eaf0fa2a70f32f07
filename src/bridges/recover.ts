/**
 * Re-adoption after a dashboard restart (design §1). Invariant: a record is adopted only when
 * its pid still names the very same process — same start ticks, same boot id and a command
 * line containing `remote-control` — so a recycled pid is never signalled or shown as running.
 */
import type { Processes } from '../system/ports.js';
import type { BridgeTracker, Ended, Tracked } from './bridge-tracker.js';
import { isSameBridgeProcess } from './process-exit.js';
import { type BridgeRecord, isLiveStatus } from './record.js';

export interface AdoptHooks {
  tracker: BridgeTracker;
  livenessMs: number;
  onAdopted(t: Tracked): Promise<void>;
  onEnded(t: Tracked, ended: Ended): Promise<void>;
}

/** Tracks every record; live ones are re-adopted or settled as stopped/crashed. */
export async function adoptRecords(
  records: readonly BridgeRecord[],
  hooks: AdoptHooks,
  deps: { processes: Processes },
): Promise<void> {
  for (const record of records) {
    const t = hooks.tracker.add(record);
    if (!isLiveStatus(record.status)) continue;
    const identity = record.pid === null ? null : await deps.processes.identity(record.pid);
    if (isSameBridgeProcess(identity, record)) {
      hooks.tracker.attachAdopted(t, hooks.livenessMs, (ended) => hooks.onEnded(t, ended));
      await hooks.onAdopted(t);
      continue;
    }
    // Why no group kill: after a restart the pid's group may no longer be ours.
    const ended: Ended = { facts: null, groupSafe: false };
    t.exit = Promise.resolve(ended);
    t.settled = hooks.onEnded(t, ended);
    await t.settled;
  }
}
