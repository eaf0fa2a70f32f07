/**
 * `clauster restart <project|bridge-id>`: ask the running dashboard to launch a stopped or
 * crashed bridge again with the options of its last run, then wait for it like `start`.
 */
import { parseCommandArgs } from './args.js';
import { BRIDGE_ARG_HELP, findDashboardBridgeId } from './bridge-arg.js';
import {
  DASHBOARD_OPTIONS,
  type DashboardTarget,
  resolveDashboardTarget,
  runAgainstDashboard,
} from './dashboard-client.js';
import type { CliIo } from './io.js';
import { launchBridge, parseWholeNumber } from './launch-outcome.js';

const USAGE = `Usage: clauster restart <project|bridge-id> [options]

Start a stopped or crashed bridge again through the running dashboard, with the permission
mode, spawn mode, name and capacity of its last run (every start check runs again), and wait
until the new bridge is running (prints the connect URL) or has failed. A project name means
that project's newest bridge that is not live; a live bridge is refused (exit 1).

${BRIDGE_ARG_HELP}

Options:
  --confirm TEXT      Type bypassPermissions to confirm that mode
  --wait SECONDS      How long to wait for running (default 60; 0 = do not wait)
  --url URL           Dashboard URL (default from the config's host and port)
  --token TOKEN       Bearer token (else CLAUSTER_TOKEN or CLAUSTER_TOKEN_FILE)
  -c, --config PATH   Config file
  --json              Print {bridge} (the new bridge)
  -h, --help
`;

const SPEC = {
  confirm: { type: 'string' },
  wait: { type: 'string' },
  ...DASHBOARD_OPTIONS,
} as const;

// Restarts the bridge `request.ref` names, then waits up to `wait` seconds for the new one.
async function restartBridge(
  target: DashboardTarget,
  request: { ref: string; confirm: string | undefined; wait: number; json: boolean },
  io: CliIo,
): Promise<number> {
  const pick = 'newest-not-live';
  const id = await findDashboardBridgeId('restart', target, { ref: request.ref, pick }, io);
  if (typeof id === 'number') return id;
  const path = `/api/bridges/${id}/restart`;
  const body = request.confirm === undefined ? undefined : { confirm: request.confirm };
  return launchBridge('restart', target, body ? { path, body } : { path }, request, io);
}

/** Restarts a bridge; exit 0 running (or restarted with --wait 0), 1 failed/refused, 2 usage. */
export async function runRestart(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(argv, { spec: SPEC, usage: USAGE, maxPositionals: 1 }, io);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const ref = parsed.positionals[0];
  const wait = parseWholeNumber(values.wait, 60);
  if (ref === undefined || wait === null) {
    const problem =
      ref === undefined ? 'missing <project|bridge-id>' : '--wait: expected a whole number';
    io.stderr(`${problem}\n\n${USAGE}`);
    return 2;
  }
  const target = await resolveDashboardTarget('restart', values, io);
  if (typeof target === 'number') return target;
  const request = { ref, confirm: values.confirm, wait, json: values.json === true };
  return runAgainstDashboard('restart', () => restartBridge(target, request, io), io);
}
