/**
 * The per-project launch lock and the bridge caps that a start and an adopt both take.
 * Invariant: while a project's slot is claimed no other start or adopt of it passes `claim`,
 * and `instance_defaults.max_bridges` counts the claimed slots with the live bridges, so two
 * concurrent launches can never both win.
 */
import { fail, ok, type Result } from '../result.js';
import type { BridgeTracker } from './bridge-tracker.js';
import { isLiveStatus } from './record.js';

export type SlotError = 'already-running' | 'max-bridges';

export interface LaunchSlots {
  /** Reserves the project's slot, or says why not; call `release` when done either way. */
  claim(name: string): Result<null, SlotError>;
  release(name: string): void;
}

/** Creates the slots of one supervisor. */
export function createLaunchSlots(
  maxBridges: number | null,
  tracker: Pick<BridgeTracker, 'all' | 'findLive'>,
): LaunchSlots {
  const launching = new Set<string>();
  return {
    claim(name) {
      const live = tracker.findLive(name);
      if (launching.has(name) || live !== null) {
        const which = live ? ` (${live.record.id}, ${live.record.status})` : '';
        return fail('already-running', `project ${name} already has a live bridge${which}`);
      }
      // A launch's own record is tracked (live) before its slot is released: count it once.
      const others = tracker
        .all()
        .filter((t) => isLiveStatus(t.record.status) && !launching.has(t.record.project));
      const count = others.length + launching.size;
      if (maxBridges !== null && count >= maxBridges) {
        return fail(
          'max-bridges',
          `instance_defaults.max_bridges: ${maxBridges} bridges are already live`,
        );
      }
      launching.add(name);
      return ok(null);
    },
    release(name) {
      launching.delete(name);
    },
  };
}
