/**
 * The public API: the routes also served under `/api/v1` (src/http/api-alias.ts) and the
 * only ones /openapi.json and /docs describe (src/http/openapi-document.ts). Both are derived
 * from this table, so the alias and the document cannot drift. Invariant: a route is public
 * only when listed here; the handlers stay in their route modules under `/api`.
 */
import * as z from 'zod';
import { BRIDGE_PERMISSION_MODES, BRIDGE_SPAWN_MODES } from '../bridges/argv.js';
import { MAX_CAPACITY } from '../bridges/launch-options.js';
import { BRIDGE_ID_RE } from '../bridges/record.js';
import { PROJECT_NAME_RE, SESSION_NAME_RE } from '../config/schema.js';
import {
  BRIDGE_LIST_RESPONSE,
  BRIDGE_METRICS_RESPONSE,
  BRIDGE_RESPONSE,
  PROJECT_LIST_RESPONSE,
  PROJECT_METRICS_RESPONSE,
  PROJECT_STOP_RESPONSE,
  RETRY_CANCEL_RESPONSE,
  STOP_RESPONSE,
  USAGE_RESPONSE,
  WIDGET_RESPONSE,
} from './public-responses.js';

export const API_PREFIX = '/api';
export const API_V1_PREFIX = '/api/v1';

export type PublicMethod = 'GET' | 'POST' | 'DELETE';

export interface PublicRoute {
  method: PublicMethod;
  /** Below the prefix, in Hono syntax: `/bridges/:id`. */
  path: string;
  operationId: string;
  summary: string;
  /** Status → when it is answered; the success status first. */
  statuses: Readonly<Record<number, string>>;
  /** The optional JSON body (the handler reads `{}` for an empty body). */
  body?: z.ZodType;
  /** The JSON body of the success status (src/http/public-responses.ts); none for a 204. */
  response?: z.ZodType;
}

/**
 * The `:param` segments of the paths: the shapes the routes accept. A value of another shape
 * never reaches a lookup: an id answers 404 unknown-bridge, a name 404 unknown-project.
 */
export const PATH_PARAMETERS: Readonly<Record<string, z.ZodType>> = {
  id: z.string().regex(BRIDGE_ID_RE).describe('a bridge id: br- and 12 base32 characters'),
  name: z
    .string()
    .regex(PROJECT_NAME_RE)
    .describe("a project: a directory directly under projects_root (not hidden, no '..')"),
};

/**
 * The body of a start. Documentation of what the start path accepts: the checks themselves
 * stay in src/bridges/launch-options.ts, built from the same mode lists and limit, and the
 * route refuses other fields and `null` (additionalProperties: false). The MCP start_bridge
 * tool takes its fields (not `confirm`) as its input (src/cli/mcp-write-tools.ts).
 */
export const START_BODY_SCHEMA = z
  .strictObject({
    permission_mode: z.enum(BRIDGE_PERMISSION_MODES).optional(),
    spawn_mode: z.enum(BRIDGE_SPAWN_MODES).optional(),
    name: z
      .string()
      .regex(SESSION_NAME_RE)
      .optional()
      .describe('session name: 1-64 printable characters, not starting with -'),
    capacity: z
      .int()
      .min(1)
      .max(MAX_CAPACITY)
      .optional()
      .describe('sessions per bridge; not with spawn_mode session'),
    confirm: z
      .literal('bypassPermissions')
      .optional()
      .describe('the typed confirmation a bypassPermissions start needs'),
  })
  .describe('every field optional: unset ones come from the project, then instance_defaults');

/** The body of a restart: the old bridge's options are reused as they were. */
export const RESTART_BODY_SCHEMA = z
  .strictObject({
    confirm: z
      .literal('bypassPermissions')
      .optional()
      .describe('needed again when the bridge ran with bypassPermissions'),
  })
  .describe('optional');

const UNKNOWN_PROJECT = 'no such project (unknown, invalid or outside projects_root)';
const UNKNOWN_BRIDGE = 'no bridge with that id';
const NO_PROJECTS_ROOT = 'projects_root is unavailable';
const NO_SUPERVISOR = 'the bridge supervisor is not running';
const NO_BODY_FIELDS = 'a body field was sent (the route takes none; the message names it)';
const STILL_LAUNCHING =
  'the bridge is being launched and has no process to signal yet (still-launching)';
const CLAUDE_CONFIG_INVALID =
  '~/.claude.json unreadable or not a JSON object (claude-config-invalid)';
const START_REFUSED = `refused: untrusted, ${CLAUDE_CONFIG_INVALID}, already running, bridged elsewhere, max_bridges reached or no projects_root`;

export const PUBLIC_ROUTES: readonly PublicRoute[] = [
  {
    method: 'GET',
    path: '/projects',
    operationId: 'listProjects',
    summary: 'List the projects under projects_root with trust and bridge state',
    statuses: { 200: '`{projects: [...]}`', 409: NO_PROJECTS_ROOT },
    response: PROJECT_LIST_RESPONSE,
  },
  {
    method: 'GET',
    path: '/bridges',
    operationId: 'listBridges',
    summary: 'List every bridge (live and remembered)',
    statuses: { 200: '`{bridges: [...]}`', 503: NO_SUPERVISOR },
    response: BRIDGE_LIST_RESPONSE,
  },
  {
    method: 'GET',
    path: '/bridges/:id',
    operationId: 'getBridge',
    summary: 'Show one bridge',
    statuses: { 200: '`{bridge}`', 404: UNKNOWN_BRIDGE, 503: NO_SUPERVISOR },
    response: BRIDGE_RESPONSE,
  },
  {
    method: 'POST',
    path: '/projects/:name/start',
    operationId: 'startBridge',
    summary: "Start a bridge for a project (the project's settings fill unset options)",
    statuses: {
      201: '`{bridge}`, the new bridge (status starting)',
      400: 'body is not a JSON object',
      403: 'bypassPermissions refused',
      404: UNKNOWN_PROJECT,
      409: START_REFUSED,
      422: 'an option is invalid, null or unknown (the message names it)',
      424: 'claude could not be started',
      503: NO_SUPERVISOR,
    },
    body: START_BODY_SCHEMA,
    response: BRIDGE_RESPONSE,
  },
  {
    method: 'POST',
    path: '/projects/:name/adopt',
    operationId: 'adoptBridge',
    summary:
      'Take over the live `claude remote-control` started outside clauster for a project (its earlier output is not captured)',
    statuses: {
      201: '`{bridge}`, the adopted bridge (status running, adopted true)',
      403: 'it runs with bypassPermissions and the project or auth posture does not allow that',
      404: UNKNOWN_PROJECT,
      409: `refused: the project is not trusted, ${CLAUDE_CONFIG_INVALID}, nothing to adopt, an unconfirmed pointer writer, not a standalone bridge command line or another working directory, already running, max_bridges reached or no projects_root`,
      422: NO_BODY_FIELDS,
      503: NO_SUPERVISOR,
    },
    response: BRIDGE_RESPONSE,
  },
  {
    method: 'POST',
    path: '/bridges/:id/stop',
    operationId: 'stopBridge',
    summary:
      "Stop a bridge (stopping a stopped bridge is a no-op, except that a stop of a project's newest record cancels its pending autostart retry)",
    statuses: {
      200: '`{bridge, autostart_cancelled}`',
      404: UNKNOWN_BRIDGE,
      409: STILL_LAUNCHING,
      422: NO_BODY_FIELDS,
      503: NO_SUPERVISOR,
    },
    response: STOP_RESPONSE,
  },
  {
    method: 'POST',
    path: '/projects/:name/stop',
    operationId: 'stopProject',
    summary:
      "Stop a project's live bridge, or, when it has none, cancel its pending autostart retry (one step: a retry firing in between cannot slip through)",
    statuses: {
      200: '`{bridge, autostart_cancelled}`; bridge is null when a retry was cancelled for a project without records',
      404: 'not a valid project name (unknown-project)',
      409: `nothing to stop (no live bridge and no pending autostart retry: nothing-to-stop), or ${STILL_LAUNCHING}`,
      422: NO_BODY_FIELDS,
      503: NO_SUPERVISOR,
    },
    response: PROJECT_STOP_RESPONSE,
  },
  {
    method: 'DELETE',
    path: '/projects/:name/autostart-retry',
    operationId: 'cancelAutostartRetry',
    summary:
      "Cancel a project's pending autostart retry without signalling anything (a live bridge keeps running; autostart stays on in the config)",
    statuses: {
      200: '`{autostart_cancelled}`: false when none was pending (or the project has a live bridge)',
      404: 'not a valid project name (unknown-project)',
      409: `its retry is starting a bridge right now (still-launching): cancel it again in a moment`,
      422: NO_BODY_FIELDS,
      503: NO_SUPERVISOR,
    },
    response: RETRY_CANCEL_RESPONSE,
  },
  {
    method: 'POST',
    path: '/bridges/:id/restart',
    operationId: 'restartBridge',
    summary: "Start a new bridge with a stopped bridge's options",
    statuses: {
      201: '`{bridge}`, the new bridge',
      400: 'body is not a JSON object',
      403: 'bypassPermissions refused',
      404: `${UNKNOWN_BRIDGE}, or the bridge's project is gone (unknown-project)`,
      409: `the bridge is still live, or ${START_REFUSED}`,
      422: 'an option is invalid, or a field is unknown (the message names it)',
      424: 'claude could not be started',
      503: NO_SUPERVISOR,
    },
    body: RESTART_BODY_SCHEMA,
    response: BRIDGE_RESPONSE,
  },
  {
    method: 'DELETE',
    path: '/bridges/:id',
    operationId: 'forgetBridge',
    summary: 'Forget a stopped bridge (drop it from the list; its logs stay)',
    statuses: {
      204: 'forgotten',
      404: UNKNOWN_BRIDGE,
      409: 'the bridge is live; stop it first',
      503: NO_SUPERVISOR,
    },
  },
  {
    method: 'GET',
    path: '/projects/:name/usage',
    operationId: 'getProjectUsage',
    summary: "Token usage and approximate cost from the project's transcripts",
    statuses: {
      200: '`{project, mode, usage}`',
      404: `${UNKNOWN_PROJECT}, or usage.mode is off`,
      409: NO_PROJECTS_ROOT,
    },
    response: USAGE_RESPONSE,
  },
  {
    method: 'GET',
    path: '/metrics',
    operationId: 'listBridgeMetrics',
    summary: 'CPU, memory and disk I/O of every live bridge',
    statuses: {
      200: '`{normalize_cpu, bridges}`',
      404: 'metrics.enabled is false',
      503: NO_SUPERVISOR,
    },
    response: BRIDGE_METRICS_RESPONSE,
  },
  {
    method: 'GET',
    path: '/projects/:name/metrics',
    operationId: 'getProjectMetrics',
    summary: "Resource totals over a project's live bridges",
    statuses: {
      200: "`{normalize_cpu, project, bridges, resources}`: the live bridges' ids and their totals",
      404: `${UNKNOWN_PROJECT}, or metrics.enabled is false`,
      409: NO_PROJECTS_ROOT,
      503: NO_SUPERVISOR,
    },
    response: PROJECT_METRICS_RESPONSE,
  },
  {
    method: 'GET',
    path: '/widget',
    operationId: 'getWidget',
    summary: 'Summary for dashboard widgets (Homepage, Homarr)',
    statuses: { 200: '`{projects_total, bridges, running_total, version}`' },
    response: WIDGET_RESPONSE,
  },
];
