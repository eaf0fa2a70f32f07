/** `clauster start <project>`: ask the running dashboard to start a bridge, then wait for it. */
import { MAX_CAPACITY } from '../bridges/launch-options.js';
import { readRefCommand } from './bridge-arg.js';
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

const USAGE = `Usage: clauster start <project> [options]

Start a bridge for <project> through the running dashboard's API and wait until it is
running (prints the connect URL) or has failed (prints the CLI's own error line; exit 1).
Still starting when a positive --wait runs out, the default 60 s included, exits 1
(wait-timeout); --wait 0 prints the starting bridge and exits 0.

Options:
  --permission-mode MODE  inherit, default, acceptEdits, plan, auto, dontAsk, bypassPermissions
  --spawn-mode MODE       same-dir, worktree or session
  --name NAME             Session name shown in claude.ai/code
  --capacity N            Max concurrent sessions, 1–${MAX_CAPACITY} (same-dir and worktree)
  --confirm TEXT          Type bypassPermissions to confirm that mode
  --wait SECONDS          How long to wait for running, 0–${MAX_WAIT_SECONDS} (default 60; 0 = do not wait)
${dashboardOptionsHelp(24)}
  --json                  Print {bridge}; {error, bridge} when it failed or the wait ran out
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
  out: CommandOutput,
  target: DashboardTarget,
  request: { project: string; body: Record<string, unknown>; wait: number },
  io: CliIo,
): Promise<number> {
  const path = `/api/projects/${encodeURIComponent(request.project)}/start`;
  return launchBridge(out, target, { path, body: request.body, wait: request.wait }, io);
}

// --capacity and --wait, or exit 2 after naming the one that is out of its range.
function readNumbers(
  out: CommandOutput,
  values: { capacity?: string | undefined; wait?: string | undefined },
  io: CliIo,
): { capacity: number | undefined; wait: number } | number {
  const capacity = parseWholeNumberFlag({
    flag: '--capacity',
    raw: values.capacity,
    min: 1,
    max: MAX_CAPACITY,
  });
  const wait = parseWholeNumberFlag({
    flag: '--wait',
    raw: values.wait,
    min: 0,
    max: MAX_WAIT_SECONDS,
  });
  const refuse = (bad: { code: string; detail: string }) =>
    reportFailure(out, { code: bad.code, message: bad.detail, exitCode: 2, usage: USAGE }, io);
  if (!capacity.ok) return refuse(capacity);
  if (!wait.ok) return refuse(wait);
  return { capacity: capacity.value, wait: wait.value ?? 60 };
}

/** Starts a bridge; exit 0 running (or started with --wait 0), 1 failed/refused/wait ran out, 2 usage. */
export async function runStart(argv: string[], io: CliIo): Promise<number> {
  const read = readRefCommand(
    argv,
    { command: 'start', spec: SPEC, usage: USAGE, kind: 'project' },
    io,
  );
  if (typeof read === 'number') return read;
  const { out, ref: project } = read;
  const { values } = read.parsed;
  const numbers = readNumbers(out, values, io);
  if (typeof numbers === 'number') return numbers;
  const target = await resolveDashboardTarget('start', values, io);
  if (typeof target === 'number') return target;
  const body = {
    permission_mode: values['permission-mode'],
    spawn_mode: values['spawn-mode'],
    name: values.name,
    capacity: numbers.capacity,
    confirm: values.confirm,
  };
  const request = { project, body, wait: numbers.wait };
  return runAgainstDashboard(out, () => startBridge(out, target, request, io), io);
}
