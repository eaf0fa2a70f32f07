/**
 * `clauster restart <project|bridge-id>`: ask the running dashboard to launch a stopped or
 * crashed bridge again with the options of its last run, then wait for it like `start`.
 */
import { BRIDGE_ARG_HELP, findDashboardBridgeId, readRefCommand } from './bridge-arg.js';
import {
  DASHBOARD_OPTIONS,
  type DashboardTarget,
  dashboardOptionsHelp,
  resolveDashboardTarget,
  runAgainstDashboard,
} from './dashboard-client.js';
import { type CommandOutput, reportFailure } from './failure-output.js';
import type { CliIo } from './io.js';
import { launchBridge, MAX_WAIT_SECONDS, parseWholeNumberFlag } from './launch-outcome.js';

const USAGE = `Usage: clauster restart <project|bridge-id> [options]

Start a stopped or crashed bridge again through the running dashboard, with the permission
mode, spawn mode, name and capacity of its last run (every start check runs again), and wait
until the new bridge is running (prints the connect URL) or has failed (exit 1). Still
starting when a positive --wait runs out, the default 60 s included, exits 1 (wait-timeout);
--wait 0 prints the starting bridge and exits 0. A project name means that project's newest
bridge that is not live; a live bridge is refused (exit 1).

${BRIDGE_ARG_HELP}

Options:
  --confirm TEXT      Type bypassPermissions to confirm that mode
  --wait SECONDS      How long to wait for running, 0–${MAX_WAIT_SECONDS} (default 60; 0 = do not wait)
${dashboardOptionsHelp(20)}
  --json              Print {bridge} (the new bridge); {error, bridge} when it failed or the
                      wait ran out
  -h, --help
`;

const SPEC = {
  confirm: { type: 'string' },
  wait: { type: 'string' },
  ...DASHBOARD_OPTIONS,
} as const;

// Restarts the bridge `request.ref` names, then waits up to `wait` seconds for the new one.
async function restartBridge(
  out: CommandOutput,
  target: DashboardTarget,
  request: { ref: string; confirm: string | undefined; wait: number },
  io: CliIo,
): Promise<number> {
  const pick = 'newest-not-live';
  const id = await findDashboardBridgeId(out, target, { ref: request.ref, pick }, io);
  if (typeof id === 'number') return id;
  const path = `/api/bridges/${id}/restart`;
  const { wait, confirm } = request;
  const launch = confirm === undefined ? { path, wait } : { path, body: { confirm }, wait };
  return launchBridge(out, target, launch, io);
}

/** Restarts a bridge; exit 0 running (or restarted with --wait 0), 1 failed/refused/wait ran out, 2 usage. */
export async function runRestart(argv: string[], io: CliIo): Promise<number> {
  const options = { command: 'restart', spec: SPEC, usage: USAGE } as const;
  const read = readRefCommand(argv, { ...options, kind: 'project-or-bridge' }, io);
  if (typeof read === 'number') return read;
  const { out, ref } = read;
  const { values } = read.parsed;
  const flag = { flag: '--wait', raw: values.wait, min: 0, max: MAX_WAIT_SECONDS };
  const wait = parseWholeNumberFlag(flag);
  if (!wait.ok) {
    const failure = { code: wait.code, message: wait.detail, exitCode: 2, usage: USAGE };
    return reportFailure(out, failure, io);
  }
  const target = await resolveDashboardTarget('restart', values, io);
  if (typeof target === 'number') return target;
  const request = { ref, confirm: values.confirm, wait: wait.value ?? 60 };
  return runAgainstDashboard(out, () => restartBridge(out, target, request, io), io);
}
