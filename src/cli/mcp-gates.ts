/**
 * The human gates `clauster mcp` never passes for an agent. The dashboard asks a person to
 * type `bypassPermissions` and to trust a project; an agent could type the same words, but
 * its confirmation is not a human's, so through MCP: no bypassPermissions bridge is ever
 * started (the tools send no `confirm`, and refuse the mode up front), and no trust is ever
 * granted (an untrusted project is refused, pointing to the dashboard or `clauster trust`).
 * Invariant: these only add refusals; what the dashboard refuses stays refused.
 */
import { type ApiAnswer, describeApiError } from './dashboard-client.js';
import { refuseApiAnswer } from './mcp-dashboard.js';
import { type Refusal, refuse } from './mcp-output.js';

/** Why a bypassPermissions start or restart is refused through MCP. */
export const BYPASS_REFUSED_MESSAGE =
  'bypassPermissions is never started through MCP; start it from the dashboard or `clauster start`';

/** Why a start of an untrusted project is refused through MCP, and what the human can do. */
function describeUntrusted(project: string): string {
  return `project ${project} is not trusted; trust is never granted through MCP: trust it in the dashboard or with \`clauster trust ${project}\``;
}

/** A refused bypassPermissions launch (`what` names the call, like `start app`). */
export function refuseBypass(what: string): Refusal {
  return refuse(`${what}: ${BYPASS_REFUSED_MESSAGE}`);
}

/**
 * A refused launch answer as a tool answer. The dashboard's own advice for an untrusted
 * project (its trust endpoint) and for bypassPermissions (type the confirmation) is not
 * for an agent, so those two say what a human does instead.
 */
export function refuseLaunchAnswer(what: string, project: string, answer: ApiAnswer): Refusal {
  const { code } = describeApiError(answer);
  if (code === 'bypass-refused') return refuseBypass(what);
  if (code === 'untrusted') return refuse(`${what}: ${describeUntrusted(project)} (untrusted)`);
  return refuseApiAnswer(what, answer);
}
