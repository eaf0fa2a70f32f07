/** `clauster stop <project|bridge-id>`: ask the running dashboard to stop a bridge. */
import type { BridgeRefCandidate } from '../bridges/bridge-ref.js';
import { isLiveStatus } from '../bridges/record.js';
import { BRIDGE_ARG_HELP, readRefCommand } from './bridge-arg.js';
import {
  callDashboard,
  DASHBOARD_OPTIONS,
  type DashboardTarget,
  dashboardOptionsHelp,
  reportApiError,
  resolveDashboardTarget,
  runAgainstDashboard,
} from './dashboard-client.js';
import { type CommandOutput, reportFailure } from './failure-output.js';
import type { CliIo } from './io.js';
import { callStop } from './stop-call.js';

const USAGE = `Usage: clauster stop <project|bridge-id> [options]

Stop a bridge through the running dashboard (SIGINT, then SIGKILL of its process group after
claude.stop_grace_seconds). A project name means that project's live bridge. A project with no
live bridge but a pending autostart retry (an autostart project that keeps crashing, or whose
start is refused) gets that retry cancelled ("autostart retry cancelled"); the dashboard decides
which in one step, so a retry that fires meanwhile is stopped, not missed. Autostart stays on
for the next dashboard start.

${BRIDGE_ARG_HELP}

Options:
${dashboardOptionsHelp(20)}
  --json              Print {bridge, autostart_cancelled} (bridge null: the project has no record)
  -h, --help
`;

// Stops the bridge `ref` names, or (a project name) the project's live bridge, else its pending
// autostart retry (stop-call.ts). Exit 0 once it is down or the retry is cancelled, 1 when it
// is still live or refused, 2 for a ref that is ambiguous or too short.
async function stopBridge(
  out: CommandOutput,
  target: DashboardTarget,
  ref: string,
  io: CliIo,
): Promise<number> {
  const stop = await callStop(ref, (request) => callDashboard(target, request, io));
  if (stop.kind === 'unresolved') {
    const exitCode = stop.code === 'ambiguous' || stop.code === 'too-short' ? 2 : 1;
    return reportFailure(out, { code: stop.code, message: stop.detail, exitCode }, io);
  }
  const { answer } = stop;
  if (answer.status !== 200) return reportApiError(out, answer, io);
  const bridge = (answer.body.bridge ?? null) as BridgeRefCandidate | null;
  const cancelled = answer.body.autostart_cancelled === true;
  const note = 'autostart retry cancelled';
  const shown =
    bridge === null
      ? `${ref}: ${note}`
      : `${bridge.project}: ${bridge.status} ${bridge.id}${cancelled ? `; ${note}` : ''}`;
  io.stdout(
    out.json
      ? `${JSON.stringify({ bridge, autostart_cancelled: cancelled }, null, 2)}\n`
      : `${shown}\n`,
  );
  return bridge !== null && isLiveStatus(bridge.status) ? 1 : 0;
}

/** Stops a bridge; exit 0 stopped, 1 failed, 2 usage. */
export async function runStop(argv: string[], io: CliIo): Promise<number> {
  const options = { command: 'stop', spec: DASHBOARD_OPTIONS, usage: USAGE } as const;
  const read = readRefCommand(argv, { ...options, kind: 'project-or-bridge' }, io);
  if (typeof read === 'number') return read;
  const { parsed, out, ref } = read;
  const target = await resolveDashboardTarget('stop', parsed.values, io);
  if (typeof target === 'number') return target;
  return runAgainstDashboard(out, () => stopBridge(out, target, ref, io), io);
}
