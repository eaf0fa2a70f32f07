/**
 * What `clauster start` and `clauster restart` share once the dashboard has launched a bridge:
 * the `--wait SECONDS` option, waiting for it to leave `starting`, and printing the outcome.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { adviceFor } from '../bridges/reason-advice.js';
import { fail, ok, type Result } from '../result.js';
import { redactText } from '../security/redact.js';
import { callDashboard, type DashboardTarget, reportApiError } from './dashboard-client.js';
import { isDashboardLost } from './dashboard-cut.js';
import type { CommandOutput } from './failure-output.js';
import type { CliIo } from './io.js';

/** The bridge fields a launch reports (`--json` prints the API's whole object). */
export type LaunchedBridge = {
  id: string;
  project: string;
  status: string;
  url: string | null;
  reason: string | null;
  /** The dashboard's advice for `reason` (absent from an older dashboard: worked out here). */
  advice?: string | null;
};

/** The longest `--wait` (one day): longer is a typing error, not a wish. */
export const MAX_WAIT_SECONDS = 86_400;

/** A whole-number flag: its name, the value given (absent: undefined) and its allowed range. */
export interface WholeNumberFlag {
  flag: string;
  raw: string | undefined;
  min: number;
  max: number;
}

/**
 * The value of a whole-number flag (undefined when absent), or a message naming only that
 * flag, the value given and the allowed range.
 */
export function parseWholeNumberFlag(
  option: WholeNumberFlag,
): Result<number | undefined, 'invalid-option'> {
  const { flag, raw, min, max } = option;
  if (raw === undefined) return ok(undefined);
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (value >= min && value <= max) return ok(value);
  const cut = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  const shown = JSON.stringify(redactText(cut));
  return fail('invalid-option', `${flag} ${shown}: expected a whole number from ${min} to ${max}`);
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
  return (await pollOutcome(target, bridge, wait, io)).bridge;
}

/**
 * waitForOutcome(), also saying why it ended early: the status of a poll that was not 200, or
 * 0 when the dashboard stopped answering (only with `unreachableEnds`; else that throws).
 */
async function pollOutcome(
  target: DashboardTarget,
  bridge: LaunchedBridge,
  wait: OutcomeWait & { unreachableEnds?: boolean },
  io: CliIo,
): Promise<{ bridge: LaunchedBridge; lostWith: number | null }> {
  const { signal } = wait;
  const deadline = io.deps.clock.now() + wait.seconds * 1000;
  let current = bridge;
  while (current.status === 'starting' && io.deps.clock.now() < deadline) {
    // The pause ends with the signal too, so no timer outlives an aborted call.
    await sleep(250, undefined, signal === undefined ? {} : { signal });
    const path = `/api/bridges/${current.id}`;
    let answer: Awaited<ReturnType<typeof callDashboard>>;
    try {
      answer = await callDashboard(target, { method: 'GET', path, signal }, io);
    } catch (error) {
      if (wait.unreachableEnds && isDashboardLost(error)) {
        return { bridge: current, lostWith: 0 };
      }
      throw error;
    }
    if (answer.status !== 200) return { bridge: current, lostWith: answer.status };
    current = answer.body.bridge as LaunchedBridge;
  }
  return { bridge: current, lostWith: null };
}

// `{"error":{code,message},"bridge":{…}}`: the `--json` error body with the bridge beside it.
function formatFailedLaunch(code: string, message: string, bridge: LaunchedBridge): string {
  return `${JSON.stringify({ error: { code, message }, bridge }, null, 2)}\n`;
}

/**
 * A bridge still `starting` once a positive `--wait` ran out: exit 1 (`wait-timeout`), so a
 * script can tell it from running. One `clauster <command>: …` line on stderr naming the
 * project, the bridge, the wait and what to do; with --json the error body and the bridge.
 */
function reportWaitTimeout(
  bridge: LaunchedBridge,
  wait: { seconds: number; lostWith: number | null },
  out: CommandOutput,
  io: CliIo,
): number {
  const project = redactText(bridge.project);
  // A status check answered with another status than 200 (401, 404, 5xx), or none (0), ends the wait early.
  const lost = wait.lostWith !== null;
  const message = lost
    ? `${project}: lost track of bridge ${bridge.id} while it was starting: ${wait.lostWith === 0 ? 'the dashboard stopped answering' : `the dashboard answered HTTP ${wait.lostWith} to a status check`}; see \`clauster status\``
    : `${project}: bridge ${bridge.id} is still starting after waiting ${wait.seconds} s; ` +
      'see `clauster status`, or wait longer with --wait SECONDS';
  const code = lost ? 'wait-lost' : 'wait-timeout';
  if (out.json) io.stdout(formatFailedLaunch(code, message, bridge));
  io.stderr(`clauster ${out.command}: ${message}\n`);
  return 1;
}

/**
 * Prints `project: status id url|reason` (or `{bridge}`); exit 1 when it is down, else 0. A
 * bridge that went down is an error line on stderr, so it starts with `clauster <command>: `;
 * with --json stdout has the error body (`bridge-<status>`, the redacted reason) and the bridge.
 */
function reportLaunched(bridge: LaunchedBridge, out: CommandOutput, io: CliIo): number {
  const failed = isFailedStatus(bridge.status);
  const reason = bridge.reason === null ? '' : redactText(bridge.reason);
  const detail = bridge.url ?? reason;
  const line = `${redactText(bridge.project)}: ${bridge.status} ${bridge.id}${detail ? ` ${detail}` : ''}\n`;
  if (!failed) {
    io.stdout(out.json ? `${JSON.stringify({ bridge }, null, 2)}\n` : line);
    return 0;
  }
  if (out.json) {
    const message =
      reason || `bridge ${bridge.id} of ${redactText(bridge.project)} is ${bridge.status}`;
    io.stdout(formatFailedLaunch(`bridge-${bridge.status}`, message, bridge));
  }
  io.stderr(`clauster ${out.command}: ${line}`);
  const advice = bridge.advice ?? adviceFor(bridge.reason);
  if (advice !== null) io.stderr(`what to do: ${advice}\n`);
  return 1;
}

/**
 * POSTs a launch (`path`, optional JSON `body`), then waits up to `launch.wait` seconds and prints
 * the outcome: what start and restart do once their arguments are resolved. Exit 0 running (or
 * starting with a wait of 0), 1 refused, down, or still starting after a positive wait.
 */
export async function launchBridge(
  out: CommandOutput,
  target: DashboardTarget,
  launch: { path: string; body?: Record<string, unknown>; wait: number },
  io: CliIo,
): Promise<number> {
  const { wait, ...call } = launch;
  const answer = await callDashboard(target, { method: 'POST', ...call }, io);
  if (answer.status !== 201) return reportApiError(out, answer, io);
  const launched = answer.body.bridge as LaunchedBridge;
  // The bridge was launched: a dashboard gone meanwhile is a lost wait, named with the bridge.
  const polled = { seconds: wait, unreachableEnds: true };
  const { bridge, lostWith } = await pollOutcome(target, launched, polled, io);
  // `--wait 0` asks not to wait, so `starting` is its success; a wait that ran out is not.
  if (wait > 0 && bridge.status === 'starting') {
    return reportWaitTimeout(bridge, { seconds: wait, lostWith }, out, io);
  }
  return reportLaunched(bridge, out, io);
}
