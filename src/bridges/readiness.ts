/**
 * The readiness rule of design §4, pure: `starting`/`error` → `running` once a connect URL is
 * known (stdout, or env id + poll loop in the debug log); `starting` → `error` when the
 * process is alive without one after `claude.startup_grace_seconds`.
 */
import { redactText } from '../security/redact.js';
import type { Observation } from './bridge-watch.js';
import type { BridgeRecord } from './record.js';

/** The status change an observation calls for, or null. */
export function judgeObservation(
  record: Pick<BridgeRecord, 'status' | 'url' | 'started_at'>,
  seen: Observation,
  options: { nowMs: number; startupGraceMs: number },
):
  | Pick<BridgeRecord, 'status' | 'url' | 'reason'>
  | Pick<BridgeRecord, 'status' | 'reason'>
  | null {
  if (seen.url !== null && (record.status !== 'running' || seen.url !== record.url)) {
    return { status: 'running', url: seen.url, reason: null };
  }
  const elapsed = options.nowMs - Date.parse(record.started_at);
  if (record.status !== 'starting' || elapsed < options.startupGraceMs) return null;
  const last =
    seen.lastLine === null
      ? ''
      : `; last output: ${JSON.stringify(redactText(seen.lastLine).slice(0, 200))}`;
  const seconds = Math.round(options.startupGraceMs / 1000);
  return {
    status: 'error',
    reason: `no connect URL after ${seconds} s while the process is still running (blocked at a prompt?)${last}`,
  };
}
