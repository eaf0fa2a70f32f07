/**
 * The success bodies of the public API (src/http/public-api.ts), as zod schemas: what the
 * handlers send, for /openapi.json (src/http/openapi-schemas.ts). Data only. Each shared part
 * is typed against the core type it describes (`satisfies`), so a field the core type gains
 * and the schema lacks fails the typecheck; test/http/openapi-responses.test.ts checks real
 * answers against these schemas in strict form, both ways. Objects are not strict here: within
 * v1 fields may be added (the document never says additionalProperties: false on a response).
 */
import * as z from 'zod';
import { BRIDGE_PERMISSION_MODES, BRIDGE_SPAWN_MODES } from '../bridges/argv.js';
import type { BridgeMetrics } from '../bridges/bridge-resources.js';
import {
  BRIDGE_ID_RE,
  BRIDGE_STATUSES,
  type Bridge,
  type BridgeStatus,
} from '../bridges/record.js';
import type { BridgeResources } from '../bridges/resource-usage.js';
import { TRUST_REASONS } from '../claude/trust-state.js';
import { PROJECT_NAME_RE } from '../config/schema.js';
import type { ExternalBridgeView, ProjectView } from '../projects/project-view.js';
import {
  type ModelUsage,
  USAGE_MODES,
  type UsageCounts,
  type UsageReport,
} from '../projects/usage-report.js';

const COUNT = z.int().nonnegative();
const PID = z.int().positive();
const TIME = z.iso.datetime().describe('ISO 8601 time in UTC');
const BRIDGE_ID = z.string().regex(BRIDGE_ID_RE);
const PROJECT_NAME = z.string().regex(PROJECT_NAME_RE);

export const BRIDGE_SCHEMA = z.object({
  id: BRIDGE_ID,
  project: PROJECT_NAME,
  status: z.enum(BRIDGE_STATUSES),
  url: z
    .string()
    .nullable()
    .describe('the connect URL (opens the session on claude.ai/code or the app); null until known'),
  pid: PID.nullable(),
  started_at: TIME,
  stopped_at: TIME.nullable(),
  reason: z
    .string()
    .nullable()
    .describe("why it ended or failed (for crashed and error, the CLI's own error line, redacted)"),
  advice: z
    .string()
    .nullable()
    .describe('what the operator can do about the reason, when it names a known cause; else null'),
  permission_mode: z.enum(BRIDGE_PERMISSION_MODES),
  spawn_mode: z.enum(BRIDGE_SPAWN_MODES),
  name: z.string().nullable().describe('the session name (--name); null when none was given'),
  capacity: z
    .int()
    .min(1)
    .nullable()
    .describe('the --capacity it runs with; null for single-session'),
  adopted: z
    .boolean()
    .describe('true when it was started outside clauster and taken over while it ran'),
}) satisfies z.ZodType<Bridge>;

export const EXTERNAL_BRIDGE_SCHEMA = z
  .object({
    pid: PID,
    adoptable: z
      .boolean()
      .describe('its pointer writer is confirmed; the adopt route checks everything again'),
    reason: z.string().optional().describe('why it cannot be adopted (only when not adoptable)'),
  })
  .describe(
    'a live `claude remote-control` for the project that clauster does not supervise',
  ) satisfies z.ZodType<ExternalBridgeView>;

export const PROJECT_SCHEMA = z.object({
  name: PROJECT_NAME,
  path: z.string().describe('the real path of the project directory'),
  trusted: z.boolean().describe('trusted as the claude CLI decides it'),
  trust_reason: z
    .enum(TRUST_REASONS)
    .describe('why it is trusted or not (sandboxed: CLAUDE_CODE_SANDBOXED is set)'),
  git: z.boolean(),
  allow_bypass_permissions: z.boolean(),
  bridge: BRIDGE_SCHEMA.nullable().describe(
    "the project's live bridge, else its most recent one, else null",
  ),
  external_bridge: EXTERNAL_BRIDGE_SCHEMA.nullable(),
  last_used_at: TIME.nullable().describe(
    "the newest start or stop time of the project's bridges; null when never used",
  ),
}) satisfies z.ZodType<ProjectView>;

const BYTES = z.int().nonnegative();

export const BRIDGE_RESOURCES_SCHEMA = z.object({
  cpu_percent: z
    .number()
    .nonnegative()
    .nullable()
    .describe('percent of one core (of the whole machine with normalize_cpu); null at first'),
  rss_bytes: BYTES.describe('resident memory of the process tree'),
  disk_read_bytes: BYTES.nullable().describe(
    'storage bytes read over the lifetime of the processes alive now; null when unreadable',
  ),
  disk_write_bytes: BYTES.nullable(),
  disk_read_bytes_per_second: BYTES.nullable().describe(
    'since the previous reading; null at first',
  ),
  disk_write_bytes_per_second: BYTES.nullable(),
  processes: COUNT.describe('processes in the tree: the bridge and its descendants'),
  sampled_at: TIME,
}) satisfies z.ZodType<BridgeResources>;

export const BRIDGE_METRICS_SCHEMA = z.object({
  project: PROJECT_NAME,
  status: z.enum(BRIDGE_STATUSES),
  pid: PID.nullable(),
  resources: BRIDGE_RESOURCES_SCHEMA.nullable().describe('null until the first reading'),
}) satisfies z.ZodType<BridgeMetrics>;

export const USAGE_COUNTS_SCHEMA = z.object({
  messages: COUNT,
  input: COUNT,
  output: COUNT,
  cache_write: COUNT.describe('every cache write, 5-minute and 1-hour'),
  cache_write_1h: COUNT.describe('the part of cache_write written to the 1-hour cache'),
  cache_read: COUNT,
  total: COUNT.describe('input + output, plus the cache tokens with token_total_includes_cache'),
  cost_usd: z
    .number()
    .nonnegative()
    .nullable()
    .describe(
      'approximate cost in USD; null for a model the price table lacks (totals: when none is priced)',
    ),
}) satisfies z.ZodType<UsageCounts>;

export const MODEL_USAGE_SCHEMA = USAGE_COUNTS_SCHEMA.extend({
  model: z.string(),
}) satisfies z.ZodType<ModelUsage>;

export const USAGE_REPORT_SCHEMA = z
  .object({
    models: z.array(MODEL_USAGE_SCHEMA).describe('per model, the most costly first'),
    totals: USAGE_COUNTS_SCHEMA.describe('sums of every model; cost_usd sums the priced ones only'),
    cost: z.object({
      amount: z
        .number()
        .nonnegative()
        .nullable()
        .describe('totals.cost_usd × fx_rate; null when nothing counted could be priced'),
      currency: z.string().describe('ISO 4217 code'),
      symbol: z.string(),
      fx_rate: z.number().positive().describe('units of currency per US dollar'),
      complete: z.boolean().describe('false when some tokens came from an unpriced model'),
    }),
    sessions: COUNT,
    first_timestamp: TIME.nullable(),
    last_timestamp: TIME.nullable(),
    files: COUNT.describe('transcript files read'),
    unreadable_files: COUNT,
    skipped_lines: COUNT.describe('lines that were not JSON or not a usage record'),
    unpriced_models: z.array(z.string()),
    prices_checked_on: z.iso.date().describe('when the price table was last checked'),
  })
  .describe(
    'token usage and approximate cost of the transcripts of a project',
  ) satisfies z.ZodType<UsageReport>;

export const BRIDGE_COUNTS_SCHEMA = z
  .object(
    Object.fromEntries(BRIDGE_STATUSES.map((status) => [status, COUNT])) as Record<
      BridgeStatus,
      typeof COUNT
    >,
  )
  .describe('bridges by status, every status present (0 when none)');

/** The shared parts, named: `components.schemas` of the document, `$ref`'d where used. */
export const RESPONSE_COMPONENTS: Readonly<Record<string, z.ZodType>> = {
  Bridge: BRIDGE_SCHEMA,
  ExternalBridge: EXTERNAL_BRIDGE_SCHEMA,
  Project: PROJECT_SCHEMA,
  BridgeResources: BRIDGE_RESOURCES_SCHEMA,
  BridgeMetrics: BRIDGE_METRICS_SCHEMA,
  UsageCounts: USAGE_COUNTS_SCHEMA,
  ModelUsage: MODEL_USAGE_SCHEMA,
  UsageReport: USAGE_REPORT_SCHEMA,
  BridgeCounts: BRIDGE_COUNTS_SCHEMA,
};

// The bodies of the routes, one per shape.

export const PROJECT_LIST_RESPONSE = z.object({ projects: z.array(PROJECT_SCHEMA) });

export const BRIDGE_LIST_RESPONSE = z.object({
  bridges: z
    .array(BRIDGE_SCHEMA)
    .describe('live bridges and the remembered ended ones (the newest 5 per project)'),
});

export const BRIDGE_RESPONSE = z.object({ bridge: BRIDGE_SCHEMA });

export const STOP_RESPONSE = z.object({
  bridge: BRIDGE_SCHEMA,
  autostart_cancelled: z
    .boolean()
    .describe(
      "true when the bridge was not live, was its project's newest and the stop cancelled the project's pending autostart retry",
    ),
});

export const PROJECT_STOP_RESPONSE = z.object({
  bridge: BRIDGE_SCHEMA.nullable().describe(
    "the bridge stopped, else the project's newest record; null when the project has none",
  ),
  autostart_cancelled: z
    .boolean()
    .describe(
      'true when the project had no live bridge and the stop cancelled its pending autostart retry',
    ),
});

export const RETRY_CANCEL_RESPONSE = z.object({
  autostart_cancelled: z
    .boolean()
    .describe('true when a pending autostart retry of the project was cancelled'),
});

export const USAGE_RESPONSE = z.object({
  project: PROJECT_NAME,
  mode: z.enum(USAGE_MODES).exclude(['off']).describe('usage.mode (off answers 404)'),
  usage: USAGE_REPORT_SCHEMA,
});

const NORMALIZE_CPU = z
  .boolean()
  .describe('metrics.normalize_cpu: cpu_percent is of the whole machine, not of one core');

export const BRIDGE_METRICS_RESPONSE = z.object({
  normalize_cpu: NORMALIZE_CPU,
  bridges: z
    .record(BRIDGE_ID, BRIDGE_METRICS_SCHEMA)
    .describe('every live bridge (starting, running or error), by bridge id'),
});

export const PROJECT_METRICS_RESPONSE = z.object({
  normalize_cpu: NORMALIZE_CPU,
  project: PROJECT_NAME,
  bridges: z.array(BRIDGE_ID).describe("the ids of the project's live bridges"),
  resources: BRIDGE_RESOURCES_SCHEMA.nullable().describe(
    'totals over those bridges; null when none has been sampled',
  ),
});

export const WIDGET_RESPONSE = z.object({
  projects_total: COUNT.nullable().describe('null when projects_root is unavailable'),
  bridges: BRIDGE_COUNTS_SCHEMA,
  running_total: COUNT,
  version: z.string().describe("clauster's version"),
});
