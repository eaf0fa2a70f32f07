/**
 * The write tools of `clauster mcp`, registered only with `mcp.allow_writes: true`. Each one
 * goes through the running dashboard's JSON API like `clauster start/stop/restart`, so the
 * dashboard decides every policy; these translate arguments and answers, and refuse what no
 * agent may do (mcp-gates.ts): a bypassPermissions bridge, or granting trust.
 */
import * as z from 'zod';
import { adviceFor } from '../bridges/reason-advice.js';
import { type Bridge, isLiveStatus } from '../bridges/record.js';
import { START_BODY_SCHEMA } from '../http/public-api.js';
import { checkProjectName } from '../projects/names.js';
import type { ApiAnswer, DashboardTarget } from './dashboard-client.js';
import { isFailedStatus, waitForOutcome } from './launch-outcome.js';
import { callApi, findBridge, refuseApiAnswer, withDashboard } from './mcp-dashboard.js';
import { refuseBypass, refuseLaunchAnswer } from './mcp-gates.js';
import { refuse, type ToolAnswer, toStructuralBridge } from './mcp-output.js';
import {
  BRIDGE_REF_INPUT,
  defineTool,
  type McpTool,
  refuseBadBridgeRef,
  type ToolCallContext,
} from './mcp-tool.js';
import { callStop } from './stop-call.js';

const START_OPTIONS = START_BODY_SCHEMA.pick({
  permission_mode: true,
  spawn_mode: true,
  name: true,
  capacity: true,
});
const waitSeconds = z
  .int()
  .min(0)
  .max(120)
  .default(30)
  .describe('How long to wait for the bridge to leave starting (0 = do not wait)');

// A 201 launch answer, waited on like the CLI does; a bridge that went down is a refusal.
async function settleLaunch(
  context: ToolCallContext,
  target: DashboardTarget,
  launch: { what: string; project: string; answer: ApiAnswer; wait: number },
): Promise<ToolAnswer> {
  const { what, project, answer } = launch;
  if (answer.status !== 201) return refuseLaunchAnswer(what, project, answer);
  const launched = answer.body.bridge as Bridge;
  const wait = { seconds: launch.wait, signal: context.signal };
  const bridge = (await waitForOutcome(target, launched, wait, context.io)) as Bridge;
  if (isFailedStatus(bridge.status)) {
    const reason = bridge.reason === null ? '' : `: ${bridge.reason}`;
    const advice = bridge.advice ?? adviceFor(bridge.reason);
    const next = advice === null ? '' : ` (what to do: ${advice})`;
    return refuse(`bridge ${bridge.id} of ${bridge.project} is ${bridge.status}${reason}${next}`);
  }
  return { ok: true, value: { bridge: toStructuralBridge(bridge) } };
}

// A bad bridge reference is refused before the token is read or the dashboard is called.
function refuseBadBridgeRefAsync(ref: string): Promise<ToolAnswer> | null {
  const bad = refuseBadBridgeRef(ref);
  return bad === null ? null : Promise.resolve(bad);
}

const startBridge = defineTool({
  name: 'start_bridge',
  description:
    'Start a bridge (`claude remote-control`) for a project through the running clauster dashboard, then wait until it is running or has failed. The project must already be trusted (a human trusts it in the dashboard or with `clauster trust <project>`); bypassPermissions is never started through MCP. The dashboard applies its own checks (trust, permission ceiling, bridge caps); a refusal is returned as an error.',
  input: {
    project: z.string().min(1).max(200).describe('Project name (see list_projects)'),
    // The API's own field schemas (session name pattern, capacity limit); never `confirm`.
    ...START_OPTIONS.shape,
    permission_mode: START_OPTIONS.shape.permission_mode.describe(
      'Permission mode (bypassPermissions is refused through MCP)',
    ),
    wait_seconds: waitSeconds,
  },
  readOnly: false,
  run: (args, context) => {
    // A name that is no project name is refused before any call, shown quoted and escaped:
    // in `start <name>:` it could read as another project's name.
    const checked = checkProjectName(args.project);
    if (!checked.ok) return Promise.resolve(refuse(`start: ${checked.detail}`));
    const what = `start ${args.project}`;
    // Refused before any call; a project default of bypassPermissions is refused by the
    // dashboard instead, because no `confirm` is ever sent.
    if (args.permission_mode === 'bypassPermissions') return Promise.resolve(refuseBypass(what));
    return withDashboard(context, async (target) => {
      const { project, permission_mode, spawn_mode, name, capacity } = args;
      const path = `/api/projects/${encodeURIComponent(project)}/start`;
      const body = { permission_mode, spawn_mode, name, capacity };
      const answer = await callApi(context, target, { method: 'POST', path, body });
      return settleLaunch(context, target, { what, project, answer, wait: args.wait_seconds });
    });
  },
});

// A stop through the dashboard (stop-call.ts): `{bridge, autostart_cancelled}` once it is down
// or its project's retry is cancelled (bridge null: the project has no record), else a refusal.
async function stopByRef(context: ToolCallContext, target: DashboardTarget, ref: string) {
  const stop = await callStop(ref, (request) => callApi(context, target, request));
  if (stop.kind === 'list-refused') return refuseApiAnswer('list bridges', stop.answer);
  if (stop.kind === 'unresolved') return refuse(stop.detail);
  const { answer } = stop;
  if (answer.status !== 200) return refuseApiAnswer(`stop ${ref}`, answer);
  const bridge = (answer.body.bridge ?? null) as Bridge | null;
  if (bridge !== null && isLiveStatus(bridge.status))
    return refuse(`bridge ${bridge.id} is still ${bridge.status}`);
  const autostart_cancelled = answer.body.autostart_cancelled === true;
  const shown = bridge === null ? null : toStructuralBridge(bridge);
  return { ok: true as const, value: { bridge: shown, autostart_cancelled } };
}

const stopBridge = defineTool({
  name: 'stop_bridge',
  description:
    'Stop a bridge through the running clauster dashboard (SIGINT, then SIGKILL after the grace period); its remote sessions end. `bridge` is a project name (its live bridge), a bridge id or a unique id prefix. A project with no live bridge but a pending autostart retry gets that retry cancelled instead (autostart_cancelled: true; bridge is null when the project has no record); autostart stays on in the config.',
  input: { bridge: BRIDGE_REF_INPUT },
  readOnly: false,
  destructive: true,
  run: (args, context) =>
    refuseBadBridgeRefAsync(args.bridge) ??
    withDashboard(context, (target) => stopByRef(context, target, args.bridge)),
});

const restartBridge = defineTool({
  name: 'restart_bridge',
  description:
    'Start a stopped or crashed bridge again through the running clauster dashboard, with the options of its last run (every start check runs again), then wait like start_bridge. `bridge` is a project name (its newest bridge that is not live), a bridge id or a unique id prefix; a live bridge is refused, and so is a bridge that ran with bypassPermissions.',
  input: { bridge: BRIDGE_REF_INPUT, wait_seconds: waitSeconds },
  readOnly: false,
  destructive: true,
  run: (args, context) =>
    refuseBadBridgeRefAsync(args.bridge) ??
    withDashboard(context, async (target) => {
      const pick = 'newest-not-live';
      const found = await findBridge(context, target, { ref: args.bridge, pick });
      if (!found.ok) return found;
      const { id, project } = found.value;
      const what = `restart ${id}`;
      // The dashboard refuses it too (no `confirm` is sent); this says why without a call.
      if (found.value.permission_mode === 'bypassPermissions') return refuseBypass(what);
      const answer = await callApi(context, target, {
        method: 'POST',
        path: `/api/bridges/${id}/restart`,
      });
      return settleLaunch(context, target, { what, project, answer, wait: args.wait_seconds });
    }),
});

/** The tools `mcp.allow_writes: true` adds. */
export const WRITE_TOOLS: readonly McpTool[] = [startBridge, stopBridge, restartBridge];
