/**
 * One stop through the dashboard, shared by `clauster stop` and MCP `stop_bridge`: list the
 * bridges, resolve the ref (resolveStopRef), then ask for the stop by bridge id or by project
 * name. By project, the dashboard stops the live bridge or else cancels the pending autostart
 * retry in one step; when it has neither, the refusal keeps the dashboard's code
 * (`nothing-to-stop`) but is worded from the list, as a ref that names nothing is.
 */
import {
  type BridgeRefCandidate,
  type BridgeRefErrorCode,
  refuseProjectIdClash,
  resolveBridgeRef,
  resolveStopRef,
} from '../bridges/bridge-ref.js';
import { type ApiAnswer, type DashboardRequest, describeApiError } from './dashboard-client.js';

/** What came of a stop: the dashboard's answer, a ref resolving to nothing, or a failed list. */
export type StopCall =
  | { kind: 'answered'; answer: ApiAnswer }
  | { kind: 'unresolved'; code: BridgeRefErrorCode | 'nothing-to-stop'; detail: string }
  | { kind: 'list-refused'; answer: ApiAnswer };

// The refusal when `ref`, resolved to bridge `id`, is also the name of a project (GET
// /api/projects; a dashboard that cannot list projects has none to clash with).
async function findNamedProject(
  ref: string,
  id: string,
  bridges: readonly BridgeRefCandidate[],
  call: (request: Omit<DashboardRequest, 'signal'>) => Promise<ApiAnswer>,
): Promise<{ code: BridgeRefErrorCode; detail: string } | null> {
  const bridge = bridges.find((b) => b.id === id);
  // A full id wins outright; only an id prefix can also be a project's name.
  if (bridge === undefined || bridge.project === ref || ref === id) return null;
  const answer = await call({ method: 'GET', path: '/api/projects' });
  const projects = answer.status === 200 ? answer.body.projects : undefined;
  const named =
    Array.isArray(projects) && projects.some((p) => (p as { name?: unknown })?.name === ref);
  if (!named) return null;
  return refuseProjectIdClash(ref, bridge);
}

/** Stops what `ref` names through `call` (the CLI's or the MCP call's dashboard client). */
export async function callStop(
  ref: string,
  call: (request: Omit<DashboardRequest, 'signal'>) => Promise<ApiAnswer>,
): Promise<StopCall> {
  const listed = await call({ method: 'GET', path: '/api/bridges' });
  if (listed.status !== 200) return { kind: 'list-refused', answer: listed };
  const bridges = (listed.body.bridges ?? []) as BridgeRefCandidate[];
  const stop = resolveStopRef(ref, bridges);
  if (!stop.ok) return { kind: 'unresolved', code: stop.code, detail: stop.detail };
  let path: string;
  if ('bridge' in stop.value) {
    // By id: a project of that very name without records (only its retry) is not listed.
    const clash = await findNamedProject(ref, stop.value.bridge, bridges, call);
    if (clash !== null) return { kind: 'unresolved', code: clash.code, detail: clash.detail };
    path = `/api/bridges/${stop.value.bridge}/stop`;
  } else path = `/api/projects/${encodeURIComponent(stop.value.project)}/stop`;
  const answer = await call({ method: 'POST', path });
  if (describeApiError(answer).code !== 'nothing-to-stop') return { kind: 'answered', answer };
  // Worded from the list, which names the fix; its live bridge may have ended meanwhile, and
  // then the dashboard's own words stand.
  const live = resolveBridgeRef(ref, bridges, 'live');
  if (live.ok) return { kind: 'answered', answer };
  return { kind: 'unresolved', code: 'nothing-to-stop', detail: live.detail };
}
