/** `clauster stop <project|bridge-id>`: ask the running dashboard to stop a bridge. */
import { type BridgeRefCandidate, resolveBridgeRef } from '../bridges/bridge-ref.js';
import { isLiveStatus } from '../bridges/record.js';
import { BRIDGE_ARG_HELP, readRefCommand, resolveBridgeArg } from './bridge-arg.js';
import {
  type ApiAnswer,
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
claude.stop_grace_seconds). A project name means that project's live bridge. A project with no
live bridge but a pending autostart retry (an autostart project that keeps crashing) gets that
retry cancelled ("autostart retry cancelled"); autostart stays on for the next dashboard start.

${BRIDGE_ARG_HELP}

Options:
${dashboardOptionsHelp(20)}
  --json              Print {bridge, autostart_cancelled}
  -h, --help
`;

// Asks the dashboard to stop bridge `id`; null when `onlyCancel` and no autostart retry was
// cancelled (nothing printed then), else the exit code after printing the answer.
async function postStop(
  out: CommandOutput,
  target: DashboardTarget,
  request: { id: string; onlyCancel: boolean },
  io: CliIo,
): Promise<number | null> {
  const path = `/api/bridges/${request.id}/stop`;
  const answer = await callDashboard(target, { method: 'POST', path }, io);
  if (answer.status !== 200) return reportApiError(out, answer, io);
  const bridge = answer.body.bridge as BridgeRefCandidate;
  const cancelled = answer.body.autostart_cancelled === true;
  if (request.onlyCancel && !cancelled) return null;
  const note = cancelled ? '; autostart retry cancelled' : '';
  io.stdout(
    out.json
      ? `${JSON.stringify({ bridge, autostart_cancelled: cancelled }, null, 2)}\n`
      : `${bridge.project}: ${bridge.status} ${bridge.id}${note}\n`,
  );
  return isLiveStatus(bridge.status) ? 1 : 0;
}

// The dashboard's bridges, or its refusal.
async function listBridges(
  target: DashboardTarget,
  io: CliIo,
): Promise<BridgeRefCandidate[] | ApiAnswer> {
  const listed = await callDashboard(target, { method: 'GET', path: '/api/bridges' }, io);
  if (listed.status !== 200) return listed;
  return (listed.body.bridges ?? []) as BridgeRefCandidate[];
}

// Stops the bridge `ref` names; exit 0 once it is down, 1 when it is still live or refused. A
// project with no live bridge: a stop of its newest record ends a pending autostart retry,
// else it is refused as before (no live bridge).
async function stopBridge(
  out: CommandOutput,
  target: DashboardTarget,
  ref: string,
  io: CliIo,
): Promise<number> {
  const bridges = await listBridges(target, io);
  if (!Array.isArray(bridges)) return reportApiError(out, bridges, io);
  const live = resolveBridgeRef(ref, bridges, 'live');
  if (live.ok) return (await postStop(out, target, { id: live.value, onlyCancel: false }, io)) ?? 1;
  const newest =
    live.code === 'not-found' ? resolveBridgeRef(ref, bridges, 'live-or-newest') : live;
  if (newest.ok) {
    const cancelled = await postStop(out, target, { id: newest.value, onlyCancel: true }, io);
    if (cancelled !== null) return cancelled;
    // Nothing was pending: the retry may have fired since the list was read. Stop what it
    // started; else the refusal below, from the first list (no live bridge).
    const again = await listBridges(target, io);
    if (!Array.isArray(again)) return reportApiError(out, again, io);
    // Only a bridge of the project named (a name like `br-abcd` is also an id prefix).
    const started = resolveBridgeRef(ref, again, 'live');
    const own = started.ok && again.some((b) => b.id === started.value && b.project === ref);
    if (started.ok && own)
      return (await postStop(out, target, { id: started.value, onlyCancel: false }, io)) ?? 1;
  }
  const refused = resolveBridgeArg(out.command, ref, { bridges, pick: 'live', json: out.json }, io);
  return typeof refused === 'number' ? refused : 1;
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
