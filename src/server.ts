/**
 * startServer(config, deps) → {url, close()}. Order matters (design §1): every validator
 * passes, THEN state_dir is created and the single-instance lock taken, THEN sockets bind.
 * close() stops listening and releases the lock; it never signals bridges itself (they are
 * detached and re-adopted by the next start), but lets stops already requested finish first.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBridgeResourceSampler } from './bridges/bridge-resources.js';
import { startLogMaintenance } from './bridges/log-maintenance.js';
import { isLiveStatus } from './bridges/record.js';
import { createSupervisor } from './bridges/supervisor.js';
import { buildSupervisorOptions, resolveBridgeEnv } from './bridges/supervisor-config.js';
import { subscribeTransitionLog } from './bridges/transition-log.js';
import { createClaudeLoginWatch } from './claude/login-watch.js';
import { createTrustWriter, resolveClaudeConfigPath } from './claude/trust-file.js';
import { ConfigError } from './config/problems.js';
import type { Config } from './config/schema.js';
import { validateConfig } from './config/validators.js';
import { type ClausterEvent, createEventBus } from './events/bus.js';
import { buildApp } from './http/app.js';
import { createAuthServices } from './http/auth-services.js';
import type { AppContext } from './http/context.js';
import { createRestartControl } from './ops/dashboard-restart.js';
import { createCloneService, isActiveCloneJob } from './projects/clone-jobs.js';
import { createRotatingAuditLog } from './state/audit.js';
import { checkStateVersions } from './state/schema-version.js';
import { acquireInstanceLock, LOCK_REFRESH_MS, prepareStateDir } from './state/state-dir.js';
import { abandonStart, runCloseSteps } from './system/close-steps.js';
import {
  closeServer,
  createConnectionLimits,
  createListenerServer,
  formatServerUrl,
  listen,
} from './system/http-listener.js';
import { createLogger } from './system/logger.js';
import type { Deps, Logger } from './system/ports.js';
import { startPrometheusMetrics } from './system/prometheus-service.js';
import { readClausterVersion } from './system/version.js';
import { CLOSE_SERVICE_RESTART } from './ws/registry.js';

export interface StartOptions {
  logger?: Logger;
  /** The pid recorded in the instance lock (default: this process). */
  pid?: number;
  /** The config file loaded (null: defaults), for the dashboard's config editor. */
  configSource?: { path: string | null; cwd: string };
  /**
   * Set when a supervisor starts clauster again after it exits (CLAUSTER_RESTART_ON_EXIT=1,
   * read by `clauster run`): POST /api/restart closes the server, then calls `exit(75)` —
   * after `deadlineMs` (default 20 s) even when the close has not finished; the close begins
   * once the 202 was sent, or `beginFallbackMs` (default 5 s) after the request at the latest.
   */
  restart?: { exit(code: number): void; deadlineMs?: number; beginFallbackMs?: number };
  /** How long close() lets in-flight responses finish before cutting them (default 3 s). */
  closeGraceMs?: number;
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:7621` (never root_path, the proxy's prefix); `https://…` with TLS. */
  url: string;
  /** Every bound `address:port`. */
  addresses: AddressInfo[];
  /** The listening Node servers (one per bound address). */
  httpServers: readonly Server[];
  context: AppContext;
  close(): Promise<void>;
}

/** A second live dashboard holds the state_dir. */
export class InstanceLockedError extends Error {
  readonly code = 'instance-locked' as const;
  constructor(
    readonly stateDir: string,
    readonly holder: string,
  ) {
    super(`another clauster (${holder}) is running on state_dir ${stateDir}`);
    this.name = 'InstanceLockedError';
  }
}

/** Validates, prepares state, binds, and returns the running server. */
export async function startServer(
  config: Config,
  deps: Deps,
  options: StartOptions = {},
): Promise<RunningServer> {
  const validation = await validateConfig(config, deps);
  if (validation.problems.length > 0) throw new ConfigError(validation.problems);
  const logger =
    options.logger ?? createLogger({ format: config.log_format, level: config.log_level });
  for (const warning of validation.warnings) logger.warn(warning);

  const stateDir = config.state_dir;
  await prepareStateDir(stateDir, deps);
  // Before anything reads state: a document from a newer clauster refuses the start unchanged.
  await checkStateVersions(stateDir, deps);
  const lock = await acquireInstanceLock(stateDir, { pid: options.pid ?? process.pid }, deps);
  if (!lock.ok) throw new InstanceLockedError(stateDir, lock.detail);
  const held = lock.value;
  // A clauster in another pid namespace (a container) judges this lock by its mtime.
  const lockRefresh = setInterval(() => void held.refresh().catch(() => {}), LOCK_REFRESH_MS);
  lockRefresh.unref();
  const releaseLock = (): Promise<void> => {
    clearInterval(lockRefresh);
    return held.release();
  };

  const context: AppContext = {
    config,
    deps,
    bus: createEventBus(),
    // Rotates audit.jsonl: this process holds the instance lock (see state/audit.ts).
    audit: createRotatingAuditLog(stateDir, { logger }, deps),
    logger,
    stateDir,
    version: readClausterVersion(),
    ...(options.configSource ? { configSource: options.configSource } : {}),
  };
  // Every service started below is stopped by stopServices(), on close() and on a failed start.
  let closeWebhooks = (): void => {};
  let closeMetrics = (): void => {};
  let closeTransitionLog = (): void => {};
  let stopLogUpkeep = async (): Promise<void> => {};
  async function stopServices(): Promise<void> {
    // Each stop runs even when one before it threw; the failures are thrown after the last.
    await runCloseSteps([
      // ── Services: stop subsystem services here (never signal bridges) ──
      () => context.clone?.shutdown(),
      () => context.supervisor?.close(),
      // After the supervisor: the stops it lets finish while closing are still logged.
      () => closeTransitionLog(),
      () => closeWebhooks(),
      () => context.resources?.close(),
      () => context.claudeLogin?.close(),
      () => stopLogUpkeep(),
      () => closeMetrics(),
    ]);
  }
  const servers: Server[] = [];
  const grace = { graceMs: options.closeGraceMs };
  const closeListeners = () => Promise.all(servers.map((server) => closeServer(server, grace)));
  // A failed start undoes everything (each step runs), logs a failed stop, throws its own error.
  const undoStart = (error: unknown): Promise<never> =>
    abandonStart(error, [stopServices, closeListeners, releaseLock], { logger });
  // ── Services: create subsystem services here and attach them to `context` ──
  try {
    context.authServices = await createAuthServices(context);
  } catch (error) {
    return undoStart(error);
  }
  // Webhooks (webhooks.enabled; docs/webhooks.md): subscribed before recovery, so a bridge
  // that died while the dashboard was down still reports its crash.
  if (config.webhooks.enabled) {
    try {
      const { startWebhooks } = await import('./system/webhook-service.js');
      closeWebhooks = (await startWebhooks(context)).close;
    } catch (error) {
      return undoStart(error);
    }
  }
  if (config.clone.enabled) {
    const publish = (event: ClausterEvent): void => context.bus.publish(event);
    const cloneOptions = { projectsRoot: config.projects_root, clone: config.clone, publish };
    context.clone = createCloneService(cloneOptions, deps);
  }
  try {
    // Bridges: trust is written where the bridges' own CLAUDE_CONFIG_DIR/HOME points.
    const bridgeEnv = resolveBridgeEnv(config, deps.env);
    const claudeHome = { env: bridgeEnv, home: bridgeEnv.HOME ?? deps.home };
    const trust = createTrustWriter(
      { stateDir, configPath: resolveClaudeConfigPath(claudeHome) },
      deps,
    );
    const supervisorOptions = buildSupervisorOptions(config, {
      stateDir,
      bypassAllowed: !validation.openToOthers,
    });
    const supervisorDeps = { ...deps, audit: context.audit, bus: context.bus, trust, logger };
    context.trustWriter = trust;
    // The `claude auth status` probe behind /healthz and the header pill (changes go on the bus).
    const loginOptions = { binary: config.claude.binary, env: bridgeEnv };
    context.claudeLogin = createClaudeLoginWatch(loginOptions, { ...deps, bus: context.bus });
    const transitionLog = subscribeTransitionLog(context.bus, logger);
    closeTransitionLog = transitionLog.close;
    context.supervisor = createSupervisor(supervisorOptions, supervisorDeps);
    await context.supervisor.recover();
    transitionLog.noteRecovered(context.supervisor.list());
  } catch (error) {
    return undoStart(error);
  }

  // Resource metrics (metrics.enabled): /proc is read only while a dashboard or client asks.
  const procStats = deps.procStats;
  if (config.metrics.enabled && procStats !== undefined) {
    const listRecords = () => context.supervisor?.listRecords() ?? [];
    const samplerDeps = { clock: deps.clock, procStats, bus: context.bus, listRecords };
    context.resources = createBridgeResourceSampler(config.metrics, samplerDeps);
  }

  // Metrics (observability.prometheus_enabled): after recovery (system/prometheus-service.ts).
  if (config.observability.prometheus_enabled) {
    closeMetrics = (await startPrometheusMetrics(context)).close;
  }

  // Logs: redacted mirrors, size rotation, retention (never a live bridge's set).
  const liveIds = (): string[] =>
    (context.supervisor?.list() ?? []).filter((b) => isLiveStatus(b.status)).map((b) => b.id);
  const logUpkeep = startLogMaintenance(
    {
      stateDir,
      settings: config.logs,
      liveIds,
      subscribe: (l) => context.bus.subscribe(l),
    },
    { ...deps, logger },
  );
  stopLogUpkeep = () => logUpkeep.stop();

  const built = buildApp(context);
  const addresses: AddressInfo[] = [];
  try {
    let port = config.port;
    // One count per client address across every listener (docs/security.md, Resource limits).
    const trusted = context.authServices?.trusted ?? { cidrs: [] };
    const limits = createConnectionLimits(trusted, { clock: deps.clock, logger });
    for (const host of validation.bind.addresses) {
      // The PEM pair the validator just parsed and built a secure context from (no re-read).
      const server = createListenerServer(built.app.fetch, validation.tls, limits);
      servers.push(server);
      const address = await listen(server, port, host);
      port = address.port;
      addresses.push(address);
      built.injectWebSocket(server);
    }
  } catch (error) {
    return undoStart(error);
  }
  const url = formatServerUrl(addresses[0] as AddressInfo, { https: validation.tls !== null });
  logger.info('listening', { url, addresses: addresses.map((a) => `${a.address}:${a.port}`) });

  let closing: Promise<void> | undefined;
  /** `ws`: what every WebSocket is closed with (default: the registry's 1001 shutdown). */
  async function close(ws?: { code: number; reason: string }): Promise<void> {
    // A failed service stop still closes the sockets and the listeners and releases the lock
    // (else the old process would keep serving with the lock held); then its error is thrown.
    await runCloseSteps([
      stopServices,
      () => {
        context.authServices?.wsRegistry.closeAll(ws?.code, ws?.reason);
        for (const client of built.wss.clients) client.terminate();
      },
      closeListeners,
      releaseLock,
    ]);
    logger.info('stopped');
  }
  // Restart from the dashboard (docs/operations.md#restart-from-the-dashboard): close, exit(75).
  // Set before any request is served (nothing above awaits after the sockets bound).
  const restart = options.restart;
  context.restart = createRestartControl(
    {
      available: restart !== undefined,
      activeCloneJobs: () => (context.clone?.list() ?? []).filter(isActiveCloneJob).length,
      shutdown: () => {
        closing ??= close({ code: CLOSE_SERVICE_RESTART, reason: 'service restart' });
        return closing;
      },
      exit: (code) => restart?.exit(code),
      ...(restart?.deadlineMs === undefined ? {} : { deadlineMs: restart.deadlineMs }),
      ...(restart?.beginFallbackMs === undefined
        ? {}
        : { beginFallbackMs: restart.beginFallbackMs }),
    },
    { logger },
  );
  return {
    url,
    addresses,
    httpServers: servers,
    context,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}
