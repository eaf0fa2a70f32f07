/**
 * The autostart retries of one supervisor: the backoff scheduler (autostart.ts) running starts,
 * and how an operator ends a retry loop without editing the config. Invariant: a stop or a
 * forget of a project's newest record, when that record is not live, cancels the project's
 * pending retry (audit `bridge.autostart-cancelled`); `autostart` itself stays config, so the
 * next dashboard start, or the next crash of a bridge started by hand, schedules it again. A
 * stop by project name cancels it too when none of the project's bridges is live, even when the
 * project has no record (its autostart start was refused before one existed).
 * Every pending retry is published on the bus when scheduled (`{type:'autostart', project,
 * retry_at, attempt, delay_ms, refused}`) and again with `retry_at: null` once it fired, was
 * cancelled or the supervisor closed, so the dashboard can show it (and `pending()` feeds the
 * /ws/events snapshot, its `delay_ms` recomputed when called). `refused` is set only on a retry
 * that follows a start refused before any record existed (a crash has its record's reason), its
 * message redacted and cut to REFUSAL_MAX characters: it goes to browsers.
 */

import type { EventBus } from '../events/bus.js';
import type { Result } from '../result.js';
import { redactText } from '../security/redact.js';
import { showTextCut } from '../security/show-text.js';
import type { Clock, Logger } from '../system/ports.js';
import { type BackoffOptions, createAutostartScheduler, DEFAULT_BACKOFF } from './autostart.js';
import type { BridgeTracker, Tracked } from './bridge-tracker.js';
import { isLiveStatus } from './record.js';
import { isNewestOfProject, newestOfProject } from './record-history.js';
import type { Transitions } from './transitions.js';

/** Why the start before a retry was refused: the start's code and its detail as shown. */
export interface AutostartRefusal {
  code: string;
  message: string;
}

/** The longest refusal message kept (the detail names the project, its path and a fix). */
export const REFUSAL_MAX = 300;

/** `result`'s refusal on one line, redacted, controls escaped and cut to REFUSAL_MAX. */
function refusalOf(result: { code: string; detail: string }): AutostartRefusal {
  const oneLine = redactText(result.detail).replace(/\s+/g, ' ').trim();
  return { code: result.code, message: showTextCut(oneLine, REFUSAL_MAX) };
}

/** A retry waiting for its delay: when it is due and which attempt since the backoff reset. */
export interface PendingRetry {
  project: string;
  /** ISO time the retry is due. */
  retry_at: string;
  /** 1 for the first attempt after a reset, then 2, 3 … */
  attempt: number;
  /**
   * Milliseconds until `retry_at` by the server's clock when this was built (never negative):
   * a browser counts down from its own receipt time plus this, so clock skew does not matter.
   */
  delay_ms: number;
  /** The refusal of the start this retry follows; null after a crash or any other schedule. */
  refused: AutostartRefusal | null;
}

export interface AutostartRetries {
  /** Schedules the next attempt for `project`; `livedMs` is how long the last bridge ran. */
  schedule(project: string, livedMs: number | null): number;
  /** Cancels the project's pending attempt (its live bridge is being stopped). */
  cancel(project: string): void;
  /**
   * Cancels the pending attempt that follows `t` when `t` is the newest record of its project
   * and not live; says whether one was cancelled. `by`: the request (stop, forget).
   */
  cancelAfter(t: Tracked, by: 'stop' | 'forget'): boolean;
  /**
   * Cancels the project's pending attempt when none of its bridges is live, whether or not it
   * has a record (a start refused before any record existed retries too). `outcome`: cancelled;
   * `starting` when an attempt is running its start checks right now (nothing to cancel yet);
   * `none`. `newest` is the project's newest record (the audit entry names it). `by`: a stop
   * by project, or a cancel of the retry alone (the dashboard's Stop retrying).
   */
  cancelForProject(
    project: string,
    by: 'stop' | 'cancel',
  ): {
    outcome: 'cancelled' | 'starting' | 'none';
    newest: Tracked | null;
  };
  /** The retries waiting for their delay, in the order they were scheduled. */
  pending(): PendingRetry[];
  close(): void;
}

/** Creates the retries; `start` is the supervisor's start with the config confirmed. */
export function createAutostartRetries(
  start: (project: string) => Promise<Result<unknown>>,
  parts: {
    backoff?: BackoffOptions | undefined;
    isClosing(): boolean;
    tracker: Pick<BridgeTracker, 'all' | 'findLive'>;
    changes: Pick<Transitions, 'note'>;
  },
  deps: {
    logger?: Logger;
    bus: Pick<EventBus, 'publish'>;
    clock: Clock;
  },
): AutostartRetries {
  const waiting = new Map<string, PendingRetry>();
  const cleared = (project: string): void => {
    if (waiting.delete(project)) deps.bus.publish({ type: 'autostart', project, retry_at: null });
  };
  // Projects whose attempt is running its start (checks, then a record once it spawns).
  const firing = new Set<string>();
  const scheduler = createAutostartScheduler((project) => {
    cleared(project);
    if (parts.isClosing()) return;
    firing.add(project);
    // `firing` is cleared in the same step that publishes the next retry, so a cancel never
    // sees neither (it would answer nothing-to-stop, and the retry would follow anyway).
    void start(project).then(
      (result) => {
        firing.delete(project);
        if (result.ok || result.code === 'already-running' || parts.isClosing()) return;
        const { code, detail } = result;
        deps.logger?.warn('autostart failed', { project, code, detail });
        // Published and listed like any other retry, with the refusal the dashboard shows.
        publishRetry(project, null, refusalOf(result));
      },
      // A start that throws (a bug) must neither end the loop unseen nor the process.
      (error: unknown) => {
        firing.delete(project);
        if (parts.isClosing()) return;
        deps.logger?.error('autostart start threw', { project, error });
        const detail = 'the start failed unexpectedly; see the dashboard log';
        publishRetry(project, null, refusalOf({ code: 'internal', detail }));
      },
    );
  }, parts.backoff ?? DEFAULT_BACKOFF);

  function publishRetry(
    project: string,
    livedMs: number | null,
    refused: AutostartRefusal | null,
  ): number {
    const delay = scheduler.schedule(project, livedMs);
    const retry_at = new Date(deps.clock.now() + delay).toISOString();
    const attempt = scheduler.attempts(project);
    const retry = { project, retry_at, attempt, delay_ms: Math.max(0, delay), refused };
    waiting.delete(project); // a rescheduled project moves to the end
    waiting.set(project, retry);
    deps.bus.publish({ type: 'autostart', ...retry });
    return delay;
  }

  // Cancels `project`'s pending retry on request, audited about `newest` (or the project).
  function cancelNoted(project: string, newest: Tracked | null, by: string): void {
    retries.cancel(project);
    parts.changes.note(newest ?? project, 'bridge.autostart-cancelled', { by });
    deps.logger?.info('autostart retry cancelled', { project, bridge_id: newest?.record.id, by });
  }

  const retries: AutostartRetries = {
    schedule: (project, livedMs) => publishRetry(project, livedMs, null),
    cancel(project) {
      scheduler.cancel(project);
      cleared(project);
    },
    cancelAfter(t, by) {
      const { project } = t.record;
      // `waiting` holds exactly the retries whose timer is pending (set and cleared with it).
      if (isLiveStatus(t.record.status) || !waiting.has(project)) return false;
      if (!isNewestOfProject(t, parts.tracker.all())) return false;
      cancelNoted(project, t, by);
      return true;
    },
    cancelForProject(project, by) {
      const newest = newestOfProject(project, parts.tracker.all()) ?? null;
      if (parts.tracker.findLive(project) !== null) return { outcome: 'none', newest };
      if (firing.has(project)) return { outcome: 'starting', newest };
      if (!waiting.has(project)) return { outcome: 'none', newest };
      cancelNoted(project, newest, by);
      return { outcome: 'cancelled', newest };
    },
    pending: () =>
      [...waiting.values()].map((retry) => {
        const left = Date.parse(retry.retry_at) - deps.clock.now();
        return { ...retry, delay_ms: Math.max(0, left) };
      }),
    close() {
      scheduler.close();
      for (const project of [...waiting.keys()]) cleared(project);
    },
  };
  return retries;
}
