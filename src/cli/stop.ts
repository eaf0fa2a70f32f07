/** `clauster stop <project|bridge-id>`: ask the running dashboard to stop a bridge. */
import type { BridgeRefCandidate } from '../bridges/bridge-ref.js';
import { isLiveStatus } from '../bridges/record.js';
import { BRIDGE_ARG_HELP, findDashboardBridgeId, readRefCommand } from './bridge-arg.js';
import {
  callDashboard,
  DASHBOARD_OPTIONS,
  type DashboardTarget,
  dashboardOptionsHelp,
  reportApiError,
  resolveDashboardTarget,
  runAgainstDashboard,
} from './dashboard-client.js';
import type { CommandOutput } from './failure-output.js';
import type { CliIo } from './io.js';

const USAGE = `Usage: clauster stop <project|bridge-id> [options]

Stop a bridge through the running dashboard (SIGINT, then SIGKILL of its process group after
claude.stop_grace_seconds). A project name means that project's live bridge.

${BRIDGE_ARG_HELP}

Options:
${dashboardOptionsHelp(20)}
  --json              Print {bridge}
  -h, --help
`;

// Stops the bridge `request.ref` names; exit 0 once it is down, 1 when it is still live or refused.
async function stopBridge(
  out: CommandOutput,
  target: DashboardTarget,
  ref: string,
  io: CliIo,
): Promise<number> {
  const id = await findDashboardBridgeId(out, target, { ref, pick: 'live' }, io);
  if (typeof id === 'number') return id;
  const answer = await callDashboard(
    target,
    { method: 'POST', path: `/api/bridges/${id}/stop` },
    io,
  );
  if (answer.status !== 200) return reportApiError(out, answer, io);
  const bridge = answer.body.bridge as BridgeRefCandidate;
  io.stdout(
    out.json
      ? `${JSON.stringify({ bridge }, null, 2)}\n`
      : `${bridge.project}: ${bridge.status} ${bridge.id}\n`,
  );
  return isLiveStatus(bridge.status) ? 1 : 0;
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
