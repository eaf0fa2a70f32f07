/**
 * The write tools of `clauster mcp`, registered only with `mcp.allow_writes: true`. Each one
 * goes through the running dashboard's JSON API exactly like `clauster start/stop/restart`,
 * so the dashboard decides every policy; these only translate arguments and answers.
 */
import * as z from 'zod';
import { BRIDGE_PERMISSION_MODES, BRIDGE_SPAWN_MODES } from '../bridges/argv.js';
import { type Bridge, isLiveStatus } from '../bridges/record.js';
import type { ApiAnswer, DashboardTarget } from './dashboard-client.js';
import { waitForOutcome } from './launch-outcome.js';
import { callApi, findBridgeId, refuseApiAnswer, withDashboard } from './mcp-dashboard.js';
import { refuse, type ToolAnswer, toStructuralBridge } from './mcp-output.js';
import { defineTool, type McpContext, type McpTool } from './mcp-tool.js';

const FAILED_STATUSES: readonly string[] = ['crashed', 'error', 'stopped'];

const bridgeRef = z
  .string()
  .min(1)
  .max(200)
  .describe('Project name, bridge id, or unique id prefix');
const confirm = z
  .string()
  .max(100)
  .optional()
  .describe('Type bypassPermissions here to confirm that permission mode');
const waitSeconds = z
  .int()
  .min(0)
  .max(120)
  .default(30)
  .describe('How long to wait for the bridge to leave starting (0 = do not wait)');

// A 201 launch answer, waited on like the CLI does; a bridge that went down is a refusal.
async function settleLaunch(
  context: McpContext,
  target: DashboardTarget,
  launch: { what: string; answer: ApiAnswer; wait: number },
): Promise<ToolAnswer> {
  if (launch.answer.status !== 201) return refuseApiAnswer(launch.what, launch.answer);
  const launched = launch.answer.body.bridge as Bridge;
  const bridge = (await waitForOutcome(target, launched, launch.wait, context.io)) as Bridge;
  if (FAILED_STATUSES.includes(bridge.status)) {
    const reason = bridge.reason === null ? '' : `: ${bridge.reason}`;
    return refuse(`bridge ${bridge.id} of ${bridge.project} is ${bridge.status}${reason}`);
  }
  return { ok: true, value: { bridge: toStructuralBridge(bridge) } };
}

const startBridge = defineTool({
  name: 'start_bridge',
  description:
    'Start a bridge (`claude remote-control`) for a project through the running clauster dashboard, then wait until it is running or has failed. The project must be trusted: set trust:true to grant workspace trust first (default false). The dashboard applies its own checks (trust, bypassPermissions ceiling and confirmation, bridge caps); a refusal is returned as an error.',
  input: {
    project: z.string().min(1).max(200).describe('Project name (see list_projects)'),
    trust: z.boolean().default(false).describe('Grant workspace trust before starting'),
    permission_mode: z.enum(BRIDGE_PERMISSION_MODES).optional(),
    spawn_mode: z.enum(BRIDGE_SPAWN_MODES).optional(),
    name: z.string().min(1).max(200).optional().describe('Session name shown in claude.ai/code'),
    capacity: z.int().min(1).optional().describe('Max concurrent sessions (same-dir, worktree)'),
    confirm,
    wait_seconds: waitSeconds,
  },
  readOnly: false,
  run: (args, context) =>
    withDashboard(context, async (target) => {
      const project = encodeURIComponent(args.project);
      if (args.trust) {
        const path = `/api/projects/${project}/trust`;
        const trusted = await callApi(context, target, { method: 'POST', path });
        if (trusted.status !== 200) return refuseApiAnswer(`trust ${args.project}`, trusted);
      }
      const { permission_mode, spawn_mode, name, capacity } = args;
      const body = { permission_mode, spawn_mode, name, capacity, confirm: args.confirm };
      const path = `/api/projects/${project}/start`;
      const answer = await callApi(context, target, { method: 'POST', path, body });
      const what = `start ${args.project}`;
      return settleLaunch(context, target, { what, answer, wait: args.wait_seconds });
    }),
});

const stopBridge = defineTool({
  name: 'stop_bridge',
  description:
    'Stop a bridge through the running clauster dashboard (SIGINT, then SIGKILL after the grace period). `bridge` is a project name (its live bridge), a bridge id or a unique id prefix.',
  input: { bridge: bridgeRef },
  readOnly: false,
  run: (args, context) =>
    withDashboard(context, async (target) => {
      const id = await findBridgeId(context, target, { ref: args.bridge, pick: 'live' });
      if (!id.ok) return id;
      const path = `/api/bridges/${id.value}/stop`;
      const answer = await callApi(context, target, { method: 'POST', path });
      if (answer.status !== 200) return refuseApiAnswer(`stop ${id.value}`, answer);
      const bridge = answer.body.bridge as Bridge;
      if (isLiveStatus(bridge.status))
        return refuse(`bridge ${bridge.id} is still ${bridge.status}`);
      return { ok: true, value: { bridge: toStructuralBridge(bridge) } };
    }),
});

const restartBridge = defineTool({
  name: 'restart_bridge',
  description:
    'Start a stopped or crashed bridge again through the running clauster dashboard, with the options of its last run (every start check runs again), then wait like start_bridge. `bridge` is a project name (its newest bridge that is not live), a bridge id or a unique id prefix; a live bridge is refused.',
  input: { bridge: bridgeRef, confirm, wait_seconds: waitSeconds },
  readOnly: false,
  run: (args, context) =>
    withDashboard(context, async (target) => {
      const pick = 'newest-not-live';
      const id = await findBridgeId(context, target, { ref: args.bridge, pick });
      if (!id.ok) return id;
      const path = `/api/bridges/${id.value}/restart`;
      const body = args.confirm === undefined ? {} : { body: { confirm: args.confirm } };
      const answer = await callApi(context, target, { method: 'POST', path, ...body });
      const what = `restart ${id.value}`;
      return settleLaunch(context, target, { what, answer, wait: args.wait_seconds });
    }),
});

/** The tools `mcp.allow_writes: true` adds. */
export const WRITE_TOOLS: readonly McpTool[] = [startBridge, stopBridge, restartBridge];
