// What the dashboard says about a pending autostart retry (autostart events): the line's words
// and which bridge "Stop retrying" stops. Pure: no DOM, no state.

import type { AutostartRetry, Bridge } from './contract.js';
import { isLive } from './contract.js';
import { formatDuration } from './format.js';

/** "Autostart retries in 32 s (attempt 3)", "… now …" once due; at `now` (ms). */
export function describeRetry(retry: AutostartRetry, now: number): string {
  const left = Date.parse(retry.retry_at) - now;
  const when = Number.isNaN(left) || left < 1000 ? 'now' : `in ${formatDuration(left)}`;
  const attempt = retry.attempt === undefined ? '' : ` (attempt ${retry.attempt})`;
  return `Autostart retries ${when}${attempt}`;
}

/** What a screen reader hears once per scheduled retry (the countdown is never announced). */
export function announceRetry(retry: AutostartRetry | null): string {
  if (retry === null) return '';
  const attempt = retry.attempt === undefined ? '' : ` (attempt ${retry.attempt})`;
  return `Autostart retry pending for ${retry.project}${attempt}`;
}

/**
 * The bridge whose stop ends `project`'s retry loop: its newest record (the server cancels
 * only after that one), or null when it has none or the newest is live (its Stop does it).
 */
export function retryStopTarget(bridges: Iterable<Bridge>, project: string): Bridge | null {
  let newest: Bridge | null = null;
  for (const bridge of bridges) {
    if (bridge.project !== project) continue;
    // A tie goes to the later one, as on the server (record-history.ts).
    if (!newest || bridge.started_at >= newest.started_at) newest = bridge;
  }
  return newest && !isLive(newest) ? newest : null;
}
