/**
 * How the `clauster mcp` write tools reach the running dashboard: the same client as
 * `clauster start/stop/restart` (src/cli/dashboard-client.ts), with refusals as tool answers.
 * Invariant: every policy (trust, the bypassPermissions ceiling, caps) is decided by the
 * dashboard, and `clauster mcp` only ever adds refusals (mcp-gates.ts), never a grant; the
 * token goes only into the Authorization header and never into an answer.
 */
import { findBridgeByRef, type ProjectPick } from '../bridges/bridge-ref.js';
import type { Bridge } from '../bridges/record.js';
import { ok, type Result } from '../result.js';
import {
  type ApiAnswer,
  answerWaitMs,
  callDashboard,
  type DashboardRequest,
  type DashboardTarget,
  describeApiError,
  readToken,
} from './dashboard-client.js';
import { isDashboardLost } from './dashboard-cut.js';
import { type Refusal, refuse, type ToolAnswer } from './mcp-output.js';
import type { McpContext, ToolCallContext } from './mcp-tool.js';

/** The text of a tool answer when no bearer token is configured. */
const MISSING_TOKEN_MESSAGE =
  'no API token for the dashboard: set CLAUSTER_TOKEN (or CLAUSTER_TOKEN_FILE, the path of a file holding it) in the environment of `clauster mcp`; issue one with `clauster api-token issue <label>`';

/** The text of a tool answer whose call was aborted before it finished. */
const CANCELLED_MESSAGE =
  'cancelled: the client cancelled the call or clauster mcp is shutting down; nothing more was sent to the dashboard';

type Step<T> = Result<T, 'refused'>;

/** The dashboard URL and bearer token, or a refusal naming the variable to set. */
async function resolveTarget(context: McpContext): Promise<Step<DashboardTarget>> {
  let token: string | null;
  try {
    token = await readToken(context.tokenFlag, context.io);
  } catch (error) {
    return refuse(error instanceof Error ? error.message : String(error));
  }
  if (token === null) return refuse(MISSING_TOKEN_MESSAGE);
  const answerWithinMs = answerWaitMs(context.config.claude.stop_grace_seconds);
  return ok({ url: context.dashboardUrl, token, answerWithinMs });
}

/**
 * Runs `action` against the dashboard: a missing token, an unreachable dashboard, an aborted
 * call or a refusal inside `action` all become a redacted refusal, never a thrown error.
 */
export async function withDashboard(
  context: ToolCallContext,
  action: (target: DashboardTarget) => Promise<ToolAnswer>,
): Promise<ToolAnswer> {
  const target = await resolveTarget(context);
  if (!target.ok) return target;
  try {
    if (context.signal.aborted) return refuse(CANCELLED_MESSAGE);
    return await action(target.value);
  } catch (error) {
    // Whatever the abort broke (a request, the polling pause), the call is over.
    if (context.signal.aborted) return refuse(CANCELLED_MESSAGE);
    if (isDashboardLost(error)) return refuse(error.message);
    throw error;
  }
}

/** A refused API call as a tool answer: `what: message (code)`, redacted. */
export function refuseApiAnswer(what: string, answer: ApiAnswer): Refusal {
  const error = describeApiError(answer);
  return refuse(`${what}: ${error.message} (${error.code})`);
}

/**
 * Calls the dashboard API (the CLI's client) with the call's abort signal; throws what
 * callDashboard() throws (a lost dashboard: isDashboardLost()), or DashboardCallAbortedError
 * once the call is aborted.
 */
export function callApi(
  context: ToolCallContext,
  target: DashboardTarget,
  request: Omit<DashboardRequest, 'signal'>,
): Promise<ApiAnswer> {
  return callDashboard(target, { ...request, signal: context.signal }, context.io);
}

/** The bridge `ref` names among the dashboard's bridges (`GET /api/bridges`), or a refusal. */
export async function findBridge(
  context: ToolCallContext,
  target: DashboardTarget,
  request: { ref: string; pick: ProjectPick },
): Promise<Step<Bridge>> {
  const answer = await callApi(context, target, { method: 'GET', path: '/api/bridges' });
  if (answer.status !== 200) return refuseApiAnswer('list bridges', answer);
  const bridges = (answer.body.bridges ?? []) as Bridge[];
  const found = findBridgeByRef(request.ref, bridges, request.pick, (id) => {
    return `no bridge has the id ${id}`;
  });
  return found.ok ? found : refuse(found.detail);
}
