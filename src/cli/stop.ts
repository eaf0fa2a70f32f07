/** `clauster stop <project|bridge-id>`: ask the running dashboard to stop a bridge. */
import type { BridgeRefCandidate } from '../bridges/bridge-ref.js';
import { isLiveStatus } from '../bridges/record.js';
import { parseCommandArgs } from './args.js';
import { BRIDGE_ARG_HELP, findDashboardBridgeId } from './bridge-arg.js';
import {
  callDashboard,
  DASHBOARD_OPTIONS,
  type DashboardTarget,
  reportApiError,
  resolveDashboardTarget,
  runAgainstDashboard,
} from './dashboard-client.js';
import type { CliIo } from './io.js';

const USAGE = `Usage: clauster stop <project|bridge-id> [options]

Stop a bridge through the running dashboard (SIGINT, then SIGKILL of its process group after
claude.stop_grace_seconds). A project name means that project's live bridge.

${BRIDGE_ARG_HELP}

Options:
  --url URL           Dashboard URL (default from the config's host and port)
  --token TOKEN       Bearer token (else CLAUSTER_TOKEN or CLAUSTER_TOKEN_FILE)
  -c, --config PATH   Config file
  --json              Print {bridge}
  -h, --help
`;

// Stops the bridge `request.ref` names; exit 0 once it is down, 1 when it is still live or refused.
async function stopBridge(
  target: DashboardTarget,
  request: { ref: string; json: boolean },
  io: CliIo,
): Promise<number> {
  const id = await findDashboardBridgeId('stop', target, { ref: request.ref, pick: 'live' }, io);
  if (typeof id === 'number') return id;
  const answer = await callDashboard(
    target,
    { method: 'POST', path: `/api/bridges/${id}/stop` },
    io,
  );
  if (answer.status !== 200) return reportApiError('stop', answer, io);
  const bridge = answer.body.bridge as BridgeRefCandidate;
  io.stdout(
    request.json
      ? `${JSON.stringify({ bridge }, null, 2)}\n`
      : `${bridge.project}: ${bridge.status} ${bridge.id}\n`,
  );
  return isLiveStatus(bridge.status) ? 1 : 0;
}

/** Stops a bridge; exit 0 stopped, 1 failed, 2 usage. */
export async function runStop(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    { spec: DASHBOARD_OPTIONS, usage: USAGE, maxPositionals: 1 },
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const ref = parsed.positionals[0];
  if (ref === undefined) {
    io.stderr(`missing <project|bridge-id>\n\n${USAGE}`);
    return 2;
  }
  const target = await resolveDashboardTarget('stop', parsed.values, io);
  if (typeof target === 'number') return target;
  const json = parsed.values.json === true;
  return runAgainstDashboard('stop', () => stopBridge(target, { ref, json }, io), io);
}
