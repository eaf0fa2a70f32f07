/**
 * The answer to a stop request for one bridge (`POST /api/bridges/{id}/stop`, `clauster stop`):
 * a live bridge is stopped (stop-tracked.ts); one not spawned yet, or any once closing began,
 * is refused; one that is not live has nothing to signal, but a stop of its project's newest
 * record cancels the project's pending autostart retry (autostart-retries.ts), and the answer
 * says so. A forget drops a record that is not live, likewise cancelling that retry. Once
 * closing began both are refused: what they change could no longer be saved.
 */

import type { EventBus } from '../events/bus.js';
import { checkProjectName, type ProjectNameError } from '../projects/names.js';
import { fail, ok, type Result } from '../result.js';
import type { AutostartRetries } from './autostart-retries.js';
import type { BridgeTracker, Tracked } from './bridge-tracker.js';
import { type Bridge, isLiveStatus, toBridge } from './record.js';
import type { Transitions } from './transitions.js';

/** Why the supervisor refused a stop. */
export type StopError = 'unknown-bridge' | 'still-launching' | 'supervisor-closed';

/**
 * The refusal of a stop asked for once closing began: nothing is signalled, since its final
 * state could no longer be written. `underWay`: a stop of this bridge is already in flight.
 */
function refuseStopWhileClosing(id: string, underWay: boolean) {
  const what = underWay
    ? 'the stop already under way finishes before the dashboard exits, or at its next start'
    : 'nothing was signalled; stop it again once the dashboard is back';
  return fail('supervisor-closed', `bridge ${id}: the dashboard is shutting down; ${what}`);
}

/** What a stop request answers: the bridge, and whether a pending autostart retry was cancelled. */
export interface StopAnswer {
  bridge: Bridge;
  autostartCancelled: boolean;
}

/** Stops bridge `id` on request, or says why not. */
export async function answerStop(
  id: string,
  parts: {
    tracker: Pick<BridgeTracker, 'get'>;
    isClosing(): boolean;
    /** Launches kept `starting` because their process search at recovery did not finish. */
    unsearched: ReadonlySet<string>;
    autostart: Pick<AutostartRetries, 'cancelAfter'>;
    stopOnce(t: Tracked, action: string): Promise<void>;
  },
): Promise<Result<StopAnswer, StopError>> {
  const t = parts.tracker.get(id);
  if (t === null) return fail('unknown-bridge', `bridge ${JSON.stringify(id)}: no such bridge`);
  // Its final state could not be written any more: never half-applied.
  if (parts.isClosing()) return refuseStopWhileClosing(id, t.stopping !== null);
  // Its process is not spawned (or not recorded) yet: nothing could be signalled.
  if (t.record.status === 'starting' && t.record.pid === null) {
    const detail = parts.unsearched.has(id)
      ? 'the search for its process did not finish when the dashboard started; restart the dashboard to search again'
      : 'the bridge is being launched; stop it again in a moment';
    return fail('still-launching', `bridge ${id}: ${detail}`);
  }
  const live = isLiveStatus(t.record.status);
  // Not live: nothing to signal, but its project's autostart retry may follow it.
  const autostartCancelled = !live && parts.autostart.cancelAfter(t, 'stop');
  if (live && t.exit !== null) await parts.stopOnce(t, 'bridge.stop-requested');
  return ok({ bridge: toBridge(t.record), autostartCancelled });
}

/** Why a stop by project was refused: also a bad name, and nothing to stop or cancel. */
export type ProjectStopError = StopError | ProjectNameError | 'nothing-to-stop';

/** What a stop by project answers: `bridge` is null when a retry of a project without records was cancelled. */
export interface ProjectStopAnswer {
  bridge: Bridge | null;
  autostartCancelled: boolean;
}

// Cancels the project's pending retry (none of its bridges is live), or says why that cannot be
// decided now; `by`: a stop by project, or a cancel of the retry alone.
function cancelProjectRetry(
  project: string,
  parts: { isClosing(): boolean; autostart: Pick<AutostartRetries, 'cancelForProject'> },
  by: 'stop' | 'cancel',
): Result<{ cancelled: boolean; newest: Bridge | null }, 'supervisor-closed' | 'still-launching'> {
  const shown = JSON.stringify(project);
  const verb = by === 'stop' ? 'stop it' : 'cancel it';
  if (parts.isClosing()) {
    return fail(
      'supervisor-closed',
      `project ${shown}: the dashboard is shutting down; nothing was changed, ${verb} again once the dashboard is back`,
    );
  }
  const { outcome, newest } = parts.autostart.cancelForProject(project, by);
  if (outcome === 'starting') {
    return fail(
      'still-launching',
      `project ${shown}: its autostart retry is starting a bridge right now; ${verb} again in a moment`,
    );
  }
  const bridge = newest === null ? null : toBridge(newest.record);
  return ok({ cancelled: outcome === 'cancelled', newest: bridge });
}

/**
 * Stops the project's live bridge, else cancels its pending autostart retry, decided in one
 * step (nothing can start between the look and the act), or says why not.
 */
export async function answerProjectStop(
  project: string,
  parts: Parameters<typeof answerStop>[1] & {
    tracker: Pick<BridgeTracker, 'get' | 'findLive'>;
    autostart: Pick<AutostartRetries, 'cancelForProject'>;
  },
): Promise<Result<ProjectStopAnswer, ProjectStopError>> {
  const named = checkProjectName(project);
  if (!named.ok) return named;
  const live = parts.tracker.findLive(project);
  if (live !== null) return answerStop(live.record.id, parts);
  const retry = cancelProjectRetry(project, parts, 'stop');
  if (!retry.ok) return retry;
  if (!retry.value.cancelled) {
    const detail = `project ${JSON.stringify(project)} has no live bridge and no pending autostart retry`;
    return fail('nothing-to-stop', detail);
  }
  return ok({ bridge: retry.value.newest, autostartCancelled: true });
}

/** Why a retry cancel was refused. */
export type RetryCancelError = ProjectNameError | 'supervisor-closed' | 'still-launching';

/**
 * Cancels the project's pending autostart retry and never signals anything ("Stop retrying"): a
 * live bridge of the project keeps running, and then nothing is cancelled.
 */
export function answerRetryCancel(
  project: string,
  parts: { isClosing(): boolean; autostart: Pick<AutostartRetries, 'cancelForProject'> },
): Result<{ cancelled: boolean }, RetryCancelError> {
  const named = checkProjectName(project);
  if (!named.ok) return named;
  const retry = cancelProjectRetry(project, parts, 'cancel');
  return retry.ok ? ok({ cancelled: retry.value.cancelled }) : retry;
}

/** Why a forget was refused. */
export type ForgetError = 'unknown-bridge' | 'bridge-live' | 'supervisor-closed';

/** Drops the record of bridge `id` when it is not live (never kills anything), or says why not. */
export async function answerForget(
  id: string,
  parts: {
    tracker: Pick<BridgeTracker, 'get' | 'remove'>;
    changes: Pick<Transitions, 'note' | 'persist'>;
    isClosing(): boolean;
    autostart: Pick<AutostartRetries, 'cancelAfter'>;
    bus: Pick<EventBus, 'publish'>;
  },
): Promise<Result<null, ForgetError>> {
  const t = parts.tracker.get(id);
  if (t === null) return fail('unknown-bridge', `bridge ${JSON.stringify(id)}: no such bridge`);
  // Dropped from memory but never from bridges.json: the next start would show it again.
  if (parts.isClosing()) {
    return fail(
      'supervisor-closed',
      `bridge ${id}: the dashboard is shutting down; forget it again once it is back`,
    );
  }
  if (isLiveStatus(t.record.status))
    return fail('bridge-live', `bridge ${id} is ${t.record.status}; stop it first`);
  parts.autostart.cancelAfter(t, 'forget');
  parts.tracker.remove(id);
  parts.bus.publish({ type: 'bridge-removed', id });
  parts.changes.note(t, 'bridge.forget');
  await parts.changes.persist();
  return ok(null);
}
