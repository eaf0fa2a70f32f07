// Shapes of the JSON the server sends (team brief, "API contract"). Types only.

export type BridgeStatus = 'starting' | 'running' | 'stopped' | 'crashed' | 'error';

export interface Bridge {
  id: string;
  project: string;
  status: BridgeStatus;
  url: string | null;
  pid: number | null;
  started_at: string;
  stopped_at: string | null;
  reason: string | null;
  /** What the operator can do about `reason` when it names a known cause (else null). */
  advice?: string | null;
  permission_mode: string;
  spawn_mode: string;
  name: string | null;
  /** `--capacity` it was started with; null for single-session. */
  capacity: number | null;
  /** Started outside clauster and adopted while it ran: its output was never captured. */
  adopted?: boolean;
}

export interface Project {
  name: string;
  path: string;
  trusted: boolean;
  trust_reason: string | null;
  git: boolean;
  allow_bypass_permissions: boolean;
  bridge: Bridge | null;
  /**
   * A live `claude remote-control` for this project that clauster does not supervise;
   * `adoptable` when the server could confirm it (else `reason` says why not).
   */
  external_bridge?: { pid: number; adoptable?: boolean; reason?: string } | null;
  /** Newest start/stop time of its recorded bridges (ISO), null when never used. */
  last_used_at?: string | null;
}

/** One project's result of POST /api/projects/trust-all. */
export interface TrustOutcome {
  project: string;
  path: string;
  outcome: 'trusted' | 'already-trusted' | 'failed' | 'skipped';
  detail: string | null;
}

export type CloneStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface CloneJob {
  id: string;
  url: string;
  name: string;
  status: CloneStatus;
  phase: string | null;
  percent: number | null;
  error: string | null;
  started_at: string;
  finished_at: string | null;
}

export interface CloneVerdict {
  allowed: boolean;
  rule: string | null;
  detail: string;
}

export type AuthMode = 'off' | 'password' | 'proxy' | 'token';

export interface Session {
  authenticated: boolean;
  user: string | null;
  auth: { mode: AuthMode; password_login: boolean };
  features: { clone: boolean; reaper: boolean };
  /** `clone.allowed_schemes` (authenticated callers only), else null. */
  clone_schemes?: unknown;
  /** `instance_name` from the config (authenticated callers only), else null. */
  instance_name?: string | null;
  /** The `notifications` switches (authenticated callers only), else null. */
  notifications?: NotificationSettings | null;
}

/** Which bridge events may become browser notifications (config `notifications`). */
export interface NotificationSettings {
  browser: boolean;
  on: { crash: boolean; ready: boolean; stop: boolean };
}

export interface DoctorCheck {
  id: string;
  status: 'OK' | 'WARN' | 'FAIL';
  detail: string;
  fix: string | null;
}

export interface Ghost {
  id: string;
  directory: string;
  name: string;
  last_activity: string | null;
  reason: string;
  archived?: boolean;
}

export interface ReapResult {
  id: string;
  outcome: 'archived' | 'deleted' | 'skipped' | 'failed';
  detail: string;
}

/** The server's `claude auth status` (GET /healthz `claude_login`); logged_in null = unknown. */
export interface ClaudeLogin {
  logged_in: boolean | null;
  method: string | null;
  provider: string | null;
  subscription: string | null;
  checked_at: string;
  reason: string | null;
}

/** A live bridge's process tree (config `metrics.*`); cpu_percent is null on the first poll. */
export interface BridgeResources {
  cpu_percent: number | null;
  rss_bytes: number;
  disk_read_bytes: number | null;
  disk_write_bytes: number | null;
  sampled_at: string;
}

/** How the resource line is shown (present in the snapshot only with metrics.enabled). */
export interface MetricsDisplay {
  show_disk: boolean;
  normalize_cpu: boolean;
}

/** Why a start was refused before any record existed: a code and a redacted, bounded text. */
export interface AutostartRefusal {
  code: string;
  message: string;
}

/** A pending autostart retry of a project (events `autostart`); attempt 1 follows a reset. */
export interface AutostartRetry {
  project: string;
  /** When it is due by the server's clock (for API readers; the dashboard uses `delay_ms`). */
  retry_at: string;
  /** 1 for the first attempt after a reset, then 2, 3 … (the server always sends it). */
  attempt: number;
  /** Milliseconds left when the server sent this message (never negative). */
  delay_ms: number;
  /** The refusal of the start this retry follows; null/absent after a crash or a dashboard start. */
  refused?: AutostartRefusal | null;
}

/** Messages on /ws/events. */
export type ServerEvent =
  | {
      type: 'snapshot';
      bridges: Bridge[];
      clone_jobs: CloneJob[];
      autostart_retries?: AutostartRetry[];
      claude_login?: ClaudeLogin | null;
      resources?: Record<string, BridgeResources>;
      metrics?: MetricsDisplay;
    }
  | { type: 'bridge-resources'; resources: Record<string, BridgeResources> }
  | { type: 'bridge'; bridge: Bridge; from: string | null; to: string }
  | { type: 'bridge-removed'; id: string }
  | { type: 'clone'; job: CloneJob }
  | { type: 'warning'; code: string; message: string }
  | { type: 'claude-login'; login: ClaudeLogin }
  | { type: 'projects-changed' }
  // A retry scheduled, then (retry_at null, nothing else) cleared: it fired or was cancelled.
  | ({ type: 'autostart' } & AutostartRetry)
  | ({ type: 'autostart'; retry_at: null } & Pick<AutostartRetry, 'project'>);

/** Messages on /ws/logs/{id}. */
export type LogMessage =
  | { type: 'lines'; lines: string[] }
  | { type: 'skipped'; count: number }
  | { type: 'reset' };

/** A live bridge holds the project's one slot (an `error` bridge is alive but unregistered). */
export function isLive(bridge: Bridge | null | undefined): boolean {
  if (!bridge) return false;
  if (bridge.status === 'starting' || bridge.status === 'running') return true;
  return bridge.status === 'error' && bridge.pid !== null;
}
