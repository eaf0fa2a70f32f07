/**
 * AppContext: everything a route module needs, built once by server.ts (or by a test).
 * Subsystem services are optional fields; each engineer adds theirs below the marker, so
 * route tests can build a context with only the services they exercise.
 */
import type { ResourceSampler } from '../bridges/resource-sampler.js';
import type { Supervisor } from '../bridges/supervisor.js';
import type { ClaudeLoginProbe } from '../claude/auth-probe.js';
import type { TrustWriter } from '../claude/trust-file.js';
import type { Config } from '../config/schema.js';
import type { EventBus } from '../events/bus.js';
import type { RestartControl } from '../ops/dashboard-restart.js';
import type { CloneService } from '../projects/clone-jobs.js';
import type { AuditLog } from '../state/audit.js';
import type { Metrics } from '../system/metrics.js';
import type { Deps, Logger } from '../system/ports.js';
import type { AuthServices } from './auth-services.js';

export interface AppContext {
  config: Config;
  deps: Deps;
  bus: EventBus;
  audit: AuditLog;
  logger: Logger;
  /** Absolute, already created (0700) state directory. */
  stateDir: string;
  /** clauster's own version (package.json). */
  version: string;
  // ── Subsystem services: add your optional field here (one line + a comment) ──
  /** Auth/session/origin/WS-registry services (src/http/auth-services.ts); lazy if absent. */
  authServices?: AuthServices;
  /** Unit directories GET /api/doctor searches (default: ~/.config/systemd/user, /etc/systemd/system). */
  doctorSystemdDirs?: readonly string[];
  /** Clone jobs (src/projects/clone-jobs.ts); absent or clone.enabled false → clone routes 404. */
  clone?: CloneService;
  /** Bridge supervisor (src/bridges/supervisor.ts); absent → bridge routes answer 503. */
  supervisor?: Supervisor;
  /** The ~/.claude.json trust writer (src/claude/trust-file.ts) for POST /api/projects/{name}/trust. */
  trustWriter?: TrustWriter;
  /** Shared `claude auth status` probe (src/claude/login-watch.ts); /healthz makes its own if absent. */
  claudeLogin?: ClaudeLoginProbe;
  /** Prometheus registry (src/system/metrics.ts); only when observability.prometheus_enabled. */
  metrics?: Metrics;
  /** Per-bridge resource sampler (src/bridges/resource-sampler.ts); absent → metrics.enabled false. */
  resources?: ResourceSampler;
  /** The config file this process loaded (null: defaults) and the cwd it resolved against. */
  configSource?: { path: string | null; cwd: string };
  /** POST /api/restart (src/ops/dashboard-restart.ts); absent → restart-unsupported. */
  restart?: RestartControl;
}
