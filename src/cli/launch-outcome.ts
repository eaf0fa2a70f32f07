/**
 * What `clauster start` and `clauster restart` share once the dashboard has launched a bridge:
 * the `--wait SECONDS` option, waiting for it to leave `starting`, and printing the outcome.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { redactText } from '../security/redact.js';
import { callDashboard, type DashboardTarget, reportApiError } from './dashboard-client.js';
import type { CliIo } from './io.js';

/** The bridge fields a launch reports (`--json` prints the API's whole object). */
export type LaunchedBridge = {
  id: string;
  project: string;
  status: string;
  url: string | null;
  reason: string | null;
};

/** A whole number option: `fallback` when absent, null when not a whole number. */
export function parseWholeNumber(raw: string | undefined, fallback: number): number | null;
export function parseWholeNumber(raw: string | undefined): number | undefined | null;
export function parseWholeNumber(
  raw: string | undefined,
  fallback?: number,
): number | undefined | null {
  if (raw === undefined) return fallback;
  return /^\d+$/.test(raw) ? Number(raw) : null;
}

/** True for the statuses a launch ends in when its bridge went down (crashed, error, stopped). */
export function isFailedStatus(status: string): boolean {
  return status === 'crashed' || status === 'error' || status === 'stopped';
}

/** How long to wait for a launched bridge, and a signal that ends the wait early. */
export interface OutcomeWait {
  seconds: number;
  /** Aborting stops the polling at once (`clauster mcp` on shutdown or cancellation). */
  signal?: AbortSignal;
}

/**
 * Polls the bridge until it leaves `starting` or `wait.seconds` have passed; returns the last
 * view. An aborted `wait.signal` makes it reject (an AbortError from the pause, or
 * DashboardCallAbortedError from the request).
 */
export async function waitForOutcome(
  target: DashboardTarget,
  bridge: LaunchedBridge,
  wait: OutcomeWait,
  io: CliIo,
): Promise<LaunchedBridge> {
  const { signal } = wait;
  const deadline = io.deps.clock.now() + wait.seconds * 1000;
  let current = bridge;
  while (current.status === 'starting' && io.deps.clock.now() < deadline) {
    // The pause ends with the signal too, so no timer outlives an aborted call.
    await sleep(250, undefined, signal === undefined ? {} : { signal });
    const path = `/api/bridges/${current.id}`;
    const answer = await callDashboard(target, { method: 'GET', path, signal }, io);
    if (answer.status !== 200) break;
    current = answer.body.bridge as LaunchedBridge;
  }
  return current;
}

/** Prints `project: status id url|reason` (or `{bridge}`); exit 1 when it is down, else 0. */
function reportLaunched(bridge: LaunchedBridge, json: boolean, io: CliIo): number {
  if (json) io.stdout(`${JSON.stringify({ bridge }, null, 2)}\n`);
  const failed = isFailedStatus(bridge.status);
  if (!json) {
    const detail = bridge.url ?? (bridge.reason === null ? '' : redactText(bridge.reason));
    io[failed ? 'stderr' : 'stdout'](
      `${bridge.project}: ${bridge.status} ${bridge.id}${detail ? ` ${detail}` : ''}\n`,
    );
  }
  return failed ? 1 : 0;
}

/**
 * POSTs a launch (`path`, optional JSON `body`), then waits up to `wait` seconds and prints
 * the outcome: what start and restart do once their arguments are resolved.
 */
export async function launchBridge(
  command: string,
  target: DashboardTarget,
  call: { path: string; body?: Record<string, unknown> },
  outcome: { wait: number; json: boolean },
  io: CliIo,
): Promise<number> {
  const answer = await callDashboard(target, { method: 'POST', ...call }, io);
  if (answer.status !== 201) return reportApiError(command, answer, io);
  const launched = answer.body.bridge as LaunchedBridge;
  const bridge = await waitForOutcome(target, launched, { seconds: outcome.wait }, io);
  return reportLaunched(bridge, outcome.json, io);
}
