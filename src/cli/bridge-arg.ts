/** The `<project|bridge-id>` argument of `clauster stop`, `restart` and `logs`, resolved once. */
import {
  type BridgeRefCandidate,
  MIN_ID_PREFIX_CHARS,
  type ProjectPick,
  resolveBridgeRef,
} from '../bridges/bridge-ref.js';
import { callDashboard, type DashboardTarget, reportApiError } from './dashboard-client.js';
import type { CliIo } from './io.js';

/** How `<project|bridge-id>` may be written, for the commands' --help texts. */
export const BRIDGE_ARG_HELP = `<project|bridge-id> is a project name, a full bridge id (br-xxxxxxxxxxxx) or a unique
prefix of one with at least ${MIN_ID_PREFIX_CHARS} characters after br- (br-k3xq). A ref that matches two bridges
(two ids, or a project and another bridge's id) exits 2 listing them; no match exits 1 (a full
id the dashboard does not know: 2).`;

/**
 * The bridge id `ref` names among `bridges`, or the exit code after printing why not:
 * 2 for a prefix that is too short or ambiguous (usage), 1 when nothing matches.
 */
export function resolveBridgeArg(
  command: string,
  ref: string,
  options: { bridges: readonly BridgeRefCandidate[]; pick: ProjectPick },
  io: CliIo,
): string | number {
  const resolved = resolveBridgeRef(ref, options.bridges, options.pick);
  if (resolved.ok) return resolved.value;
  io.stderr(`clauster ${command}: ${resolved.detail}\n`);
  return resolved.code === 'not-found' ? 1 : 2;
}

/**
 * The id `ref` names among the running dashboard's bridges (`GET /api/bridges`), or the exit
 * code after saying why not.
 */
export async function findDashboardBridgeId(
  command: string,
  target: DashboardTarget,
  request: { ref: string; pick: ProjectPick },
  io: CliIo,
): Promise<string | number> {
  const answer = await callDashboard(target, { method: 'GET', path: '/api/bridges' }, io);
  if (answer.status !== 200) return reportApiError(command, answer, io);
  const bridges = (answer.body.bridges ?? []) as BridgeRefCandidate[];
  return resolveBridgeArg(command, request.ref, { bridges, pick: request.pick }, io);
}
