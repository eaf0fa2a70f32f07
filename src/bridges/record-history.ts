/**
 * How many records of ended bridges the supervisor keeps per project, so a crash-looping
 * autostart project (a new `crashed` record per retry, ~288 a day at the 5-minute backoff cap)
 * does not grow bridges.json, `/api/bridges` and the `/ws/events` snapshot without bound.
 * Invariants: a live record is never dropped, nor the newest record of a project, nor one
 * whose stop or end is still being handled; dropping a record never touches its log set (log
 * retention prunes sets by their files alone, log-sets.ts).
 */
import type { EventBus } from '../events/bus.js';
import type { BridgeTracker, Tracked } from './bridge-tracker.js';
import { isLiveStatus } from './record.js';
import type { Transitions } from './transitions.js';

/** Records of ended bridges (stopped, crashed) kept per project; older ones are dropped. */
export const MAX_ENDED_RECORDS_PER_PROJECT = 5;

// Newest first: by start time, then by the order they were added (later = newer).
function newestFirst(list: readonly Tracked[], order: readonly Tracked[]): Tracked[] {
  const index = new Map(order.map((t, i) => [t, i]));
  const at = (t: Tracked) => index.get(t) ?? -1;
  return [...list].sort(
    (a, b) => b.record.started_at.localeCompare(a.record.started_at) || at(b) - at(a),
  );
}

/** The newest record of `project` among `all` (the tracker's order), if it has any. */
export function newestOfProject(project: string, all: readonly Tracked[]): Tracked | undefined {
  return newestFirst(
    all.filter((t) => t.record.project === project),
    all,
  )[0];
}

/** Whether `t` is the newest record of its project among `all` (the tracker's order). */
export function isNewestOfProject(t: Tracked, all: readonly Tracked[]): boolean {
  return newestOfProject(t.record.project, all) === t;
}

/**
 * The records to drop, per project: the ended ones beyond the newest `keep` ended ones, minus
 * any that must stay (the project's newest record, a stop or an end still in flight).
 */
export function chooseRecordsToDrop(
  all: readonly Tracked[],
  keep: number = MAX_ENDED_RECORDS_PER_PROJECT,
): Tracked[] {
  const projects = new Set(all.map((t) => t.record.project));
  const victims: Tracked[] = [];
  for (const project of projects) {
    const ofProject = newestFirst(
      all.filter((t) => t.record.project === project),
      all,
    );
    const ended = ofProject.filter((t) => !isLiveStatus(t.record.status));
    // The project's newest record is live (not in `ended`) or `ended[0]`: never dropped.
    for (const t of ended.slice(Math.max(1, keep))) {
      if (t.stopping !== null || t.exit !== null) continue;
      victims.push(t);
    }
  }
  return victims;
}

/**
 * Drops the records chooseRecordsToDrop() picks, like Forget does (a `bridge-removed` event,
 * an audit line `bridge.pruned`), then saves bridges.json once. Nothing after close().
 */
export async function pruneEndedRecords(parts: {
  tracker: BridgeTracker;
  changes: Pick<Transitions, 'note' | 'persist' | 'isClosed'>;
  bus: EventBus;
}): Promise<string[]> {
  if (parts.changes.isClosed()) return [];
  const victims = chooseRecordsToDrop(parts.tracker.all());
  if (victims.length === 0) return [];
  for (const t of victims) {
    parts.tracker.remove(t.record.id);
    parts.bus.publish({ type: 'bridge-removed', id: t.record.id });
    parts.changes.note(t, 'bridge.pruned', { kept: MAX_ENDED_RECORDS_PER_PROJECT });
  }
  await parts.changes.persist();
  return victims.map((t) => t.record.id);
}
