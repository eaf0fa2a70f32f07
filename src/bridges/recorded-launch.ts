/**
 * Launching a bridge so that it is always recorded (design §4; docs/bridges.md "Dashboard
 * restarts"). Invariant: nothing is spawned unless its `starting` record (no pid yet) is in
 * bridges.json first; right after the spawn the record gets its pid and /proc identity; a
 * launch that fails takes its record back. A dashboard that dies in between finds the process
 * again from that record (launch-recovery.ts), so a spawned bridge is never left untracked.
 */
import { fail, ok, type Result } from '../result.js';
import type { Clock, Fs, Processes, Spawn } from '../system/ports.js';
import {
  buildLaunchingRecord,
  describeLaunched,
  type Launched,
  type LaunchInput,
  launchBridge,
  planLaunch,
} from './bridge-launch.js';
import type { BridgeTracker, Tracked } from './bridge-tracker.js';
import type { RecordError, Transitions } from './transitions.js';

export interface RecordedLaunchParts {
  tracker: BridgeTracker;
  changes: Transitions;
  /** True once the supervisor is closing: nothing new is spawned from then on. */
  isClosing(): boolean;
  /** Called once the bridge runs, before its first event (attach its exit, watch its logs). */
  onSpawned(t: Tracked, launched: Launched): void;
}

/** Records, then spawns, then completes the record of one bridge; returns it tracked. */
export async function launchRecorded(
  input: LaunchInput,
  parts: RecordedLaunchParts,
  deps: { fs: Fs; clock: Clock; spawn: Spawn; processes: Processes },
): Promise<Result<Tracked, 'spawn-failed' | RecordError>> {
  if (parts.isClosing()) return fail('supervisor-closed', 'the supervisor is shutting down');
  const plan = planLaunch(input);
  const startedAt = new Date(deps.clock.now()).toISOString();
  const t = parts.tracker.add(buildLaunchingRecord(input, plan, startedAt));
  const recorded = await parts.changes.record();
  if (!recorded.ok) {
    parts.tracker.remove(input.id);
    return recorded;
  }
  // Also after close(): a record left `starting` would make the next dashboard search for it.
  const takeBack = () => parts.changes.takeBack(input.id);
  let launched: Awaited<ReturnType<typeof launchBridge>>;
  try {
    launched = await launchBridge(input, plan, deps);
  } catch (error) {
    await takeBack();
    throw error;
  }
  if (!launched.ok) {
    await takeBack();
    return launched;
  }
  Object.assign(t.record, describeLaunched(launched.value));
  // Closed meanwhile (close gave up waiting): the next dashboard finds it by its record.
  if (parts.changes.isClosed()) return ok(t);
  parts.onSpawned(t, launched.value);
  await parts.changes.apply(t, {}, { created: true });
  return ok(t);
}
