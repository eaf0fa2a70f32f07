/** `clauster start <project>`: ask the running dashboard to start a bridge, then wait for it. */

import { parseCommandArgs } from './args.js';
import {
  DASHBOARD_OPTIONS,
  type DashboardTarget,
  resolveDashboardTarget,
  runAgainstDashboard,
} from './dashboard-client.js';
import type { CliIo } from './io.js';
import { launchBridge, parseWholeNumber } from './launch-outcome.js';

const USAGE = `Usage: clauster start <project> [options]

Start a bridge for <project> through the running dashboard's API and wait until it is
running (prints the connect URL) or has failed (prints the CLI's own error line).

Options:
  --permission-mode MODE  inherit, default, acceptEdits, plan, auto, dontAsk, bypassPermissions
  --spawn-mode MODE       same-dir, worktree or session
  --name NAME             Session name shown in claude.ai/code
  --capacity N            Max concurrent sessions (same-dir and worktree)
  --confirm TEXT          Type bypassPermissions to confirm that mode
  --wait SECONDS          How long to wait for running (default 60; 0 = do not wait)
  --url URL               Dashboard URL (default from the config's host and port)
  --token TOKEN           Bearer token (else CLAUSTER_TOKEN or CLAUSTER_TOKEN_FILE)
  -c, --config PATH       Config file
  --json                  Print {bridge}
  -h, --help
`;

const SPEC = {
  'permission-mode': { type: 'string' },
  'spawn-mode': { type: 'string' },
  name: { type: 'string' },
  capacity: { type: 'string' },
  confirm: { type: 'string' },
  wait: { type: 'string' },
  ...DASHBOARD_OPTIONS,
} as const;

// Asks the dashboard to start the bridge, then waits up to `wait` seconds for its outcome.
async function startBridge(
  target: DashboardTarget,
  request: { project: string; body: Record<string, unknown>; wait: number; json: boolean },
  io: CliIo,
): Promise<number> {
  const path = `/api/projects/${encodeURIComponent(request.project)}/start`;
  return launchBridge('start', target, { path, body: request.body }, request, io);
}

/** Starts a bridge; exit 0 running (or started with --wait 0), 1 failed/refused, 2 usage. */
export async function runStart(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(argv, { spec: SPEC, usage: USAGE, maxPositionals: 1 }, io);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const project = parsed.positionals[0];
  const capacity = parseWholeNumber(values.capacity);
  const wait = parseWholeNumber(values.wait, 60);
  if (project === undefined || capacity === null || wait === null) {
    io.stderr(
      `${project === undefined ? 'missing <project>' : '--capacity and --wait: expected a whole number'}\n\n${USAGE}`,
    );
    return 2;
  }
  const target = await resolveDashboardTarget('start', values, io);
  if (typeof target === 'number') return target;
  const body = {
    permission_mode: values['permission-mode'],
    spawn_mode: values['spawn-mode'],
    name: values.name,
    capacity,
    confirm: values.confirm,
  };
  return runAgainstDashboard(
    'start',
    () => startBridge(target, { project, body, wait, json: values.json === true }, io),
    io,
  );
}
