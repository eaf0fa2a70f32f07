/**
 * The one strict schema of clauster.yml (design §2). Key names follow the Python Clauster
 * (reference/clauster.md §4). Types are exact: nothing is coerced. Defaults live here, and
 * `clauster.example.yml` documents every key (a test keeps the two in sync).
 */
import * as z from 'zod';

/** `claude remote-control --permission-mode` values (src/bridges/argv.ts adds `inherit`). */
export const PERMISSION_MODES = [
  'default',
  'acceptEdits',
  'plan',
  'auto',
  'dontAsk',
  'bypassPermissions',
] as const;
/** Config values of `permission_mode`: the CLI's modes plus `inherit` (pass no flag at all). */
const CONFIG_PERMISSION_MODES = ['inherit', ...PERMISSION_MODES] as const;
export const SPAWN_MODES = ['same-dir', 'worktree', 'session'] as const;
/** Project directory names (security.md R-FS-2). */
export const PROJECT_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** `instance_name`: up to 32 of [A-Za-z0-9_.-]. */
export const INSTANCE_NAME_RE = /^[A-Za-z0-9_.-]{1,32}$/;
/** The default bind address and port. */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 7621;
/** state_dir when neither the config file nor CLAUSTER_STATE_DIR names one. */
export const DEFAULT_STATE_DIR = '~/.clauster';
/** A SHA-256 digest as 64 lowercase hex characters (token hashes, file hashes in requests). */
export const SHA256_HEX_RE = /^[0-9a-f]{64}$/;
const THIRTY_DAYS = 30 * 24 * 3600;

const nonNegativeInt = z.int().min(0);
const positiveSeconds = z.number().positive().max(86_400);
const nullableString = z.string().min(1).nullable();
/**
 * A bridge or session name (the start request's `name`, `session_name_prefix`): ≤ 64
 * characters, no control or format characters, no leading `-` (it would read as a claude flag).
 */
export const SESSION_NAME_RE = /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}-][^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]{0,63}$/u;

const reverseProxySchema = z.strictObject({
  enabled: z.boolean().default(false),
  user_header: z.string().min(1).default('Remote-User'),
  shared_secret_header: z.string().min(1).default('X-Proxy-Auth'),
  trusted_ips: z.array(z.string()).default([]),
  shared_secret: nullableString.default(null),
  shared_secret_file: nullableString.default(null),
  hmac_window_seconds: z.int().min(1).max(3600).default(60),
  require_hmac: z.boolean().default(true),
});

const authSchema = z.strictObject({
  enabled: z.boolean().default(false),
  password_required: z.boolean().default(false),
  password_hash: nullableString.default(null),
  api_token_hash: z.string().regex(SHA256_HEX_RE).nullable().default(null),
  allow_unauthenticated_network: z.boolean().default(false),
  cookie_secure: z.enum(['auto', 'always', 'never']).default('auto'),
  session_max_age_seconds: z.int().min(60).max(THIRTY_DAYS).default(604_800),
  /** Idle timeout of a login session (security.md R-SESS-2: ≤ 24 h). */
  session_idle_seconds: z.int().min(60).max(86_400).default(86_400),
  allowed_origins: z.array(z.string()).default([]),
  session_secret_file: nullableString.default(null),
  reverse_proxy: reverseProxySchema.prefault({}),
});

const claudeSchema = z.strictObject({
  binary: z.string().min(1).default('claude'),
  min_version: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/)
    .default('2.1.145'),
  startup_grace_seconds: positiveSeconds.default(60),
  stop_grace_seconds: positiveSeconds.default(10),
  auto_enable_remote_control: z.boolean().default(true),
  path_append: z.array(z.string().min(1)).default([]),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).default({}),
});

const instanceDefaultsSchema = z.strictObject({
  spawn_mode: z.enum(SPAWN_MODES).default('same-dir'),
  permission_mode: z.enum(CONFIG_PERMISSION_MODES).default('default'),
  verbose: z.boolean().default(false),
  session_name_prefix: z
    .string()
    .regex(SESSION_NAME_RE, 'at most 64 characters, no control characters, not starting with -')
    .nullable()
    .default(null),
  capacity: z.int().min(1).max(1000).default(32),
  max_bridges: z.int().min(1).nullable().default(null),
});

const projectSchema = z.strictObject({
  permission_mode: z.enum(CONFIG_PERMISSION_MODES).optional(),
  allow_bypass_permissions: z.boolean().default(false),
  autostart: z.boolean().default(false),
  spawn_mode: z.enum(SPAWN_MODES).optional(),
});

const logsSchema = z.strictObject({
  bridge_log_max_size_mb: z.int().min(1).max(10_240).default(10),
  keep_rotated: nonNegativeInt.max(100).default(5),
  redact_session_url: z.boolean().default(false),
  strip_ansi_in_stream: z.boolean().default(true),
  retention_max_age_days: nonNegativeInt.default(30),
  retention_max_files: nonNegativeInt.default(0),
  retention_max_total_mb: nonNegativeInt.default(0),
});

const cloneSchema = z.strictObject({
  enabled: z.boolean().default(true),
  allowed_schemes: z.array(z.enum(['https', 'ssh'])).default(['https', 'ssh']),
  allow_private_hosts: z.boolean().default(false),
  allowed_private_cidrs: z.array(z.string()).default([]),
  /** Non-default ports a clone URL may name (443 for https and 22 for ssh always pass). */
  allowed_ports: z.array(z.int().min(1).max(65_535)).default([]),
  timeout_seconds: z.int().min(1).max(600).default(300),
  max_mb: z.int().min(1).max(2048).default(2048),
});

const reaperSchema = z.strictObject({
  ui_enabled: z.boolean().default(false),
  // https only; plain http solely to a loopback literal (a local fake API in tests).
  api_base_url: z
    .string()
    .regex(/^(https:\/\/[^/?#\s@]+|http:\/\/(127(\.\d{1,3}){3}|\[::1\])(:\d{1,5})?)$/)
    .default('https://api.anthropic.com'),
});

/**
 * Native HTTPS. `provision` is a string, not an enum, so that every value but `off` reaches
 * the validator that explains how to make a certificate (self-signed is not implemented).
 */
const tlsSchema = z.strictObject({
  provision: z.string().default('off'),
  hostnames: z.array(z.string().min(1)).default([]),
  cert_file: nullableString.default(null),
  key_file: nullableString.default(null),
});

/** Per-bridge CPU, memory and disk (CPU % is the tick delta between two polls: no window). */
const metricsSchema = z.strictObject({
  enabled: z.boolean().default(true),
  normalize_cpu: z.boolean().default(false),
  show_disk: z.boolean().default(true),
  poll_seconds: z.number().min(1).max(300).default(4),
});

/** Outgoing webhooks (docs/webhooks.md); each URL is checked at load (config/webhook-rules.ts). */
const webhooksSchema = z.strictObject({
  enabled: z.boolean().default(false),
  urls: z.array(z.string()).max(10).default([]),
  timeout_seconds: z.number().positive().max(60).default(10),
  block_private_targets: z.boolean().default(false),
  events: z
    .strictObject({
      spawn: z.boolean().default(true),
      ready: z.boolean().default(true),
      stop: z.boolean().default(true),
      crash: z.boolean().default(true),
      'clone-done': z.boolean().default(false),
    })
    .prefault({}),
});

const observabilitySchema = z.strictObject({
  prometheus_enabled: z.boolean().default(false),
  metrics_token_hash: z.string().regex(SHA256_HEX_RE).nullable().default(null),
});

/** Browser notifications of bridge events (the Python original's Apprise keys are legacy). */
const notificationsSchema = z.strictObject({
  browser_enabled: z.boolean().default(false),
  notify_on_crash: z.boolean().default(true),
  notify_on_ready: z.boolean().default(false),
  notify_on_stop: z.boolean().default(false),
});

/** Token usage and approximate cost per project (docs/usage.md); the currency is display only. */
const usageSchema = z.strictObject({
  mode: z.enum(['cost', 'tokens', 'off']).default('cost'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('USD'),
  currency_symbol: z.string().min(1).max(8).nullable().default(null),
  fx_rate: z.number().positive().max(1_000_000).default(1),
  token_total_includes_cache: z.boolean().default(true),
});

/** `clauster mcp` (docs/mcp.md): write tools only when set here (file only, never from the web). */
const mcpSchema = z.strictObject({
  allow_writes: z.boolean().default(false),
});

export const configSchema = z.strictObject({
  schema_version: z.literal(1).default(1),
  host: z.string().default(DEFAULT_HOST),
  port: z.int().min(0).max(65_535).default(DEFAULT_PORT),
  projects_root: z.string().min(1).optional(),
  state_dir: z.string().min(1).default(DEFAULT_STATE_DIR),
  root_path: z
    .string()
    .regex(/^(\/[A-Za-z0-9._~-]+)*$/)
    .default(''),
  log_format: z.enum(['text', 'json']).default('text'),
  log_level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  instance_name: z.string().regex(INSTANCE_NAME_RE).nullable().default(null),
  auth: authSchema.prefault({}),
  claude: claudeSchema.prefault({}),
  instance_defaults: instanceDefaultsSchema.prefault({}),
  projects: z.record(z.string().regex(PROJECT_NAME_RE), projectSchema).default({}),
  logs: logsSchema.prefault({}),
  clone: cloneSchema.prefault({}),
  reaper: reaperSchema.prefault({}),
  ui: z.strictObject({ enabled: z.boolean().default(true) }).prefault({}),
  api: z.strictObject({ openapi_enabled: z.boolean().default(false) }).prefault({}),
  metrics: metricsSchema.prefault({}),
  observability: observabilitySchema.prefault({}),
  webhooks: webhooksSchema.prefault({}),
  notifications: notificationsSchema.prefault({}),
  tls: tlsSchema.prefault({}),
  usage: usageSchema.prefault({}),
  mcp: mcpSchema.prefault({}),
});

/** The validated config with every default applied. */
export type Config = z.infer<typeof configSchema>;
export type PermissionMode = (typeof PERMISSION_MODES)[number];
export type SpawnMode = (typeof SPAWN_MODES)[number];
