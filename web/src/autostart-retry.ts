// What the dashboard says about a pending autostart retry (autostart events): when it is due by
// this browser's clock, the line's words and where it shows with "Stop retrying". Pure: no
// DOM, no state.

import type { AutostartRetry, Bridge } from './contract.js';
import { isLive } from './contract.js';
import { formatDuration } from './format.js';
import { pickProjectBridge } from './project-bridge.js';

/** A pending retry as the client keeps it: `due` is a `Date.now()` value of this browser. */
export interface RetryCountdown extends AutostartRetry {
  due: number;
}

/**
 * The retry with its deadline by this browser's clock: the message's receipt time plus the
 * server's `delay_ms`, never `retry_at`, so a browser clock minutes off still counts right
 * (only the transit time is lost). A missing or bad `delay_ms` counts as due now.
 */
export function retryCountdown(retry: AutostartRetry, receivedAt: number): RetryCountdown {
  const left = Number.isFinite(retry.delay_ms) ? Math.max(0, retry.delay_ms) : 0;
  return { ...retry, due: receivedAt + left };
}

/** "Autostart retries in 32 s (attempt 3)", "… now …" once due; at `now` (`Date.now()`). */
export function describeRetry(retry: RetryCountdown, now: number): string {
  const left = retry.due - now;
  const when = Number.isNaN(left) || left < 1000 ? 'now' : `in ${formatDuration(left)}`;
  return `Autostart retries ${when} (attempt ${retry.attempt})`;
}

/**
 * "Last start refused: project notes: …" when the retry follows a start refused before any
 * record existed (the server's redacted, bounded words), else '' (a crash has its record's reason).
 */
export function describeRefusal(retry: AutostartRetry | null): string {
  const refused = retry?.refused;
  if (!retry || !refused) return '';
  // Shown with the project already named (its card, its page): not "project notes: " again.
  const own = `project ${retry.project}: `;
  const message = refused.message.startsWith(own)
    ? refused.message.slice(own.length)
    : refused.message;
  return `Last start refused: ${message || refused.code}`;
}

/** What a screen reader hears once per scheduled retry (the countdown is never announced). */
export function announceRetry(retry: AutostartRetry | null): string {
  if (retry === null) return '';
  const refusal = describeRefusal(retry);
  const pending = `Autostart retry pending for ${retry.project} (attempt ${retry.attempt})`;
  return refusal ? `${pending}. ${refusal}` : pending;
}

/**
 * The bridge whose page shows `project`'s retry line: the project's bridge as its card shows it
 * (pickProjectBridge), or null when it has none or that one is live (a pending retry then
 * belongs to no page but the card).
 */
export function retryPageBridge(bridges: Iterable<Bridge>, project: string): Bridge | null {
  const shown = pickProjectBridge(bridges, project);
  return isLive(shown) ? null : shown;
}

/** True when a bridge of `project` is live: "Stop retrying" is not offered then (its Stop is). */
export function hasLiveBridge(bridges: Iterable<Bridge>, project: string): boolean {
  // The rule picks a live bridge whenever there is one.
  return isLive(pickProjectBridge(bridges, project));
}
