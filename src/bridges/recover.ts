/**
 * Re-adoption after a dashboard restart (design §1). Invariant: a record is adopted only when
 * its pid still names the very same process — same start ticks, same boot id and a command
 * line containing `remote-control` — so a recycled pid is never signalled or shown as running.
 * A record whose launch was cut short before its identity was saved is matched by its own
 * `--debug-file` instead (launch-recovery.ts), so a bridge that was spawned is never left
 * running untracked.
 */
import type { EventBus } from '../events/bus.js';
import type { AuditLog } from '../state/audit.js';
import type { Clock, Fs, Logger, Processes } from '../system/ports.js';
import type { BridgeTracker, Ended, Tracked } from './bridge-tracker.js';
import { isIncompleteLaunch, type LaunchSearch } from './launch-recovery.js';
import { isSameBridgeProcess } from './process-exit.js';
import { type BridgeRecord, isLiveStatus } from './record.js';
import { loadRegistry } from './registry.js';

export interface AdoptHooks {
  tracker: BridgeTracker;
  livenessMs: number;
  /** Looks for the process of a record whose launch was cut short (launch-recovery.ts). */
  findLaunched(record: BridgeRecord): Promise<LaunchSearch>;
  onAdopted(t: Tracked): Promise<void>;
  onEnded(t: Tracked, ended: Ended): Promise<void>;
}

/**
 * Loads bridges.json for recovery; dropped records (or a whole unreadable file) are reported
 * (log, event, audit) with the kept-aside copy and how to adopt what is no longer tracked.
 */
export async function loadRecords(
  stateDir: string,
  deps: { fs: Fs; bus: EventBus; audit: AuditLog; logger?: Logger; clock?: Clock },
): Promise<BridgeRecord[]> {
  const loaded = await loadRegistry(stateDir, deps);
  if (loaded.warning !== null) {
    deps.logger?.warn(loaded.warning);
    deps.bus.publish({ type: 'warning', code: 'registry-corrupt', message: loaded.warning });
    void deps.audit.append({ action: 'bridges.registry-corrupt', detail: loaded.warning });
  }
  return loaded.records;
}

type Check = 'running' | 'ended' | 'ambiguous' | 'unknown';

// Whether the record's process still runs; a cut-short launch gets its identity filled in.
async function checkRecord(
  record: BridgeRecord,
  hooks: AdoptHooks,
  deps: { processes: Processes; logger?: Logger },
): Promise<Check> {
  const identity = record.pid === null ? null : await deps.processes.identity(record.pid);
  if (isSameBridgeProcess(identity, record)) return 'running';
  // A complete identity that does not match means the process ended: a pid and its start
  // time never change, so nothing else can be that bridge.
  if (!isIncompleteLaunch(record)) return 'ended';
  const search = await hooks.findLaunched(record);
  if (search.kind === 'ambiguous') {
    deps.logger?.warn('several processes claim one bridge record; none is adopted', {
      bridge_id: record.id,
      pids: search.pids,
    });
    return 'ambiguous';
  }
  if (search.kind === 'incomplete') return 'unknown';
  if (search.kind !== 'found') return 'ended';
  const { pid, startTicks, bootId } = search.identity;
  Object.assign(record, { pid, proc_start_ticks: startTicks, boot_id: bootId });
  deps.logger?.info('found the process of a launch cut short', { bridge_id: record.id, pid });
  return 'running';
}

// The reason kept when nothing the bridge wrote says more.
function describeUnseenEnd(record: BridgeRecord, check: Check): string | undefined {
  if (check === 'ambiguous')
    return 'the dashboard stopped while launching it, and several processes run its --debug-file, so none was adopted; stop them by hand';
  if (record.intentional_stop)
    return 'a stop was requested before the dashboard restarted; the bridge had ended by then';
  if (record.pid === null)
    return 'the dashboard stopped while launching it, and no process of it was found afterwards';
  return undefined;
}

/**
 * Tracks every record first (a save made while later ones are checked keeps them all), then
 * re-adopts the live ones or settles them as stopped/crashed. A launch whose process search
 * did not finish is left as it is (returned), for the next dashboard start to search again.
 */
export async function adoptRecords(
  records: readonly BridgeRecord[],
  hooks: AdoptHooks,
  deps: { processes: Processes; logger?: Logger },
): Promise<BridgeRecord[]> {
  const tracked = records.map((record) => hooks.tracker.add(record));
  const unknown: BridgeRecord[] = [];
  for (const t of tracked) {
    const { record } = t;
    if (!isLiveStatus(record.status)) continue;
    const check = await checkRecord(record, hooks, deps);
    if (check === 'running') {
      hooks.tracker.attachAdopted(t, hooks.livenessMs, (ended) => hooks.onEnded(t, ended));
      await hooks.onAdopted(t);
      continue;
    }
    if (check === 'unknown') {
      unknown.push(record);
      continue;
    }
    // Why no group kill: after a restart the pid's group may no longer be ours.
    const fallback = describeUnseenEnd(record, check);
    const ended: Ended = { facts: null, groupSafe: false, ...(fallback ? { fallback } : {}) };
    t.exit = Promise.resolve(ended);
    t.settled = hooks.onEnded(t, ended);
    await t.settled;
  }
  return unknown;
}
