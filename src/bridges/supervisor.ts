/**
 * The bridge supervisor (design §4): starts, observes, stops and re-adopts `claude
 * remote-control` processes. Invariants: at most one live bridge per project and at most
 * `max_bridges` overall; every status change is published on the bus, appended to the audit
 * log and written to bridges.json; a spawned bridge is always recorded (recorded-launch.ts),
 * and closing waits (bounded) for starts in flight to record theirs and for stops in flight to
 * end and record theirs (close-wait.ts); closing never signals a bridge by itself.
 */
import type { TrustWriter } from '../claude/trust-file.js';
import type { EventBus } from '../events/bus.js';
import { fail, ok, type Result } from '../result.js';
import type { AuditLog } from '../state/audit.js';
import type { FindProcesses, WatchPath } from '../system/ports.js';
import { type AdoptError, adoptExternalBridge } from './adopt-external.js';
import type { BackoffOptions } from './autostart.js';
import { createAutostartRetries, type PendingRetry } from './autostart-retries.js';
import type { Launched } from './bridge-launch.js';
import { createBridgeObserver } from './bridge-observe.js';
import { type StartDeps, type StartError, startBridge } from './bridge-start.js';
import { createBridgeTracker, type Ended, type Tracked } from './bridge-tracker.js';
import { drainInFlight } from './close-wait.js';
import type { StartRequest } from './launch-options.js';
import { findLaunchedProcess, warnSearchIncomplete } from './launch-recovery.js';
import { createLaunchSlots } from './launch-slots.js';
import { createPendingLaunches } from './pending-launches.js';
import type { PreflightOptions } from './preflight.js';
import { type Bridge, type BridgeRecord, toBridge } from './record.js';
import { pruneEndedRecords } from './record-history.js';
import { adoptRecords, loadRecords } from './recover.js';
import { createRemoteControlConsent } from './remote-control-consent.js';
import {
  answerForget,
  answerProjectStop,
  answerRetryCancel,
  answerStop,
  type ForgetError,
  type ProjectStopAnswer,
  type ProjectStopError,
  type RetryCancelError,
  type StopAnswer,
  type StopError,
} from './stop-request.js';
import { runRequestedStop } from './stop-tracked.js';
import { createTransitions } from './transitions.js';

export interface SupervisorOptions extends PreflightOptions {
  stateDir: string;
  startupGraceMs: number;
  stopGraceMs: number;
  autoEnableRemoteControl: boolean;
  maxBridges: number | null;
  /** logs.redact_session_url: bridges write private raw logs, mirrored redacted. */
  rawLogs?: boolean;
  /** Fallback output poll while starting; the log directory is also watched (default 50 ms). */
  pollIntervalMs?: number;
  /** Output poll while running or in error, for logs that cannot be watched (default 5000 ms). */
  runningPollIntervalMs?: number;
  /** Exit probe of re-adopted bridges, which are not our children (default 1000 ms). */
  livenessIntervalMs?: number;
  backoff?: BackoffOptions;
  /** How long close() waits for starts in flight to record their bridge (default 5000 ms). */
  closeWaitMs?: number;
  /** How long close() waits for stops in flight to end (default 15 s, see close-wait.ts). */
  closeStopWaitMs?: number;
}

export interface SupervisorDeps extends StartDeps {
  audit: AuditLog;
  bus: EventBus;
  trust: TrustWriter;
  /** fs.watch for starting bridges' log directories; without it they are only polled. */
  watch?: WatchPath;
  /** Processes by command line; without it a launch cut short by a dashboard stop is not found. */
  findProcesses?: FindProcesses;
}

export interface Supervisor {
  /** Loads bridges.json, re-adopts live bridges, marks the rest, runs autostart. */
  recover(): Promise<void>;
  start(
    project: unknown,
    request: StartRequest,
    options?: { configConfirmed?: boolean },
  ): Promise<Result<Bridge, StartError>>;
  /** Takes over the live bridge started outside clauster for `project` (see adopt-external.ts). */
  adopt(project: unknown): Promise<Result<Bridge, AdoptError>>;
  /** Refuses a bridge whose process is not spawned yet, and any stop once close() began. */
  stop(id: string): Promise<Result<Bridge, StopError>>;
  /** stop(), also saying whether it cancelled a pending autostart retry (stop-request.ts). */
  requestStop(id: string): Promise<Result<StopAnswer, StopError>>;
  /** Stops the project's live bridge, else cancels its pending autostart retry (stop-request.ts). */
  requestProjectStop(project: string): Promise<Result<ProjectStopAnswer, ProjectStopError>>;
  /** Cancels the project's pending autostart retry, never signalling anything (stop-request.ts). */
  cancelAutostartRetry(project: string): Result<{ cancelled: boolean }, RetryCancelError>;
  /** Drops the record of a bridge that is not live (never kills anything), as stop() a retry. */
  forget(id: string): Promise<Result<null, ForgetError>>;
  list(): Bridge[];
  autostartRetries(): PendingRetry[];
  /** The stored records (start time, boot id), not copied: for readers that must check a pid. */
  listRecords(): readonly Readonly<BridgeRecord>[];
  get(id: string): Bridge | null;
  /** The live bridge of a project, if any. */
  findLive(project: string): Bridge | null;
  /**
   * Refuses new starts and stops, waits (bounded) for starts and stops in flight (close-wait.ts),
   * stops observing (timers, watchers) and flushes bridges.json; other bridges keep running.
   */
  close(): Promise<void>;
}

/** Creates the supervisor for one state_dir. */
export function createSupervisor(options: SupervisorOptions, deps: SupervisorDeps): Supervisor {
  const tracker = createBridgeTracker(deps);
  const changes = createTransitions(options.stateDir, tracker, deps);
  const slots = createLaunchSlots(options.maxBridges, tracker);
  const livenessMs = options.livenessIntervalMs ?? 1000;
  const pending = createPendingLaunches();
  // Stops in flight, so close() lets them end and write their final state (close-wait.ts).
  const stops = createPendingLaunches();
  // Set when close() begins: from then on nothing new is started, adopted or spawned.
  let closing = false;
  // Set when recover() could not read bridges.json: close() then leaves the file alone.
  let unreadRegistry = false;
  // Set while recover() runs: autostart waits for it (every record must be known first).
  let recovering = false;
  const closedResult = () => fail('supervisor-closed', 'the supervisor is shutting down');
  const observer = createBridgeObserver(
    {
      startupGraceMs: options.startupGraceMs,
      startingPollMs: options.pollIntervalMs ?? 50,
      runningPollMs: options.runningPollIntervalMs ?? 5000,
    },
    { tracker, changes },
    deps,
  );
  const consent = createRemoteControlConsent(options.autoEnableRemoteControl, deps);
  const autostart = createAutostartRetries(
    (project) => start(project, {}, { configConfirmed: true }),
    { backoff: options.backoff, isClosing: () => closing, tracker, changes },
    deps,
  );
  // Keeps MAX_ENDED_RECORDS_PER_PROJECT ended records per project (record-history.ts).
  const prune = () => pruneEndedRecords({ tracker, changes, bus: deps.bus });

  // Launches kept `starting` because their process search at recovery did not finish.
  const unsearched = new Set<string>();

  async function settle(t: Tracked, ended: Ended): Promise<void> {
    if (changes.isClosed()) return;
    const runningSince = t.record.status === 'running' ? Date.parse(t.record.started_at) : null;
    const patch = await tracker.describeEnd(t, ended, { stopGraceMs: options.stopGraceMs });
    const { project } = t.record;
    // Read only when a retry could follow. During recovery, recover() schedules once all are
    // checked (and prunes once), so nothing is read, scheduled or pruned here then.
    const retryable = !t.record.intentional_stop && !closing && !recovering;
    const settings = retryable ? await tracker.projectSettings(project, options.discovery) : null;
    // Scheduled before the status changes, so a stop or forget that sees the bridge ended
    // also finds its retry pending; a stop asked for during the read still wins.
    if (settings?.autostart && !t.record.intentional_stop && !closing) {
      const lived = runningSince === null ? null : deps.clock.now() - runningSince;
      const delay = autostart.schedule(project, lived);
      deps.logger?.info('autostart scheduled', { project, delay_ms: delay });
    }
    t.exit = null;
    const stoppedAt = new Date(deps.clock.now()).toISOString();
    await changes.apply(t, { ...patch, stopped_at: stoppedAt, pid: null });
    if (!recovering) await prune();
  }

  const startContext = {
    options,
    slots,
    consent,
    tracker,
    changes,
    isClosing: () => closing,
    onSpawned(t: Tracked, launched: Launched) {
      tracker.attachChild(t, launched.child, (ended) => settle(t, ended));
      observer.observe(t);
    },
  };

  function start(
    project: unknown,
    request: StartRequest,
    startOptions: { configConfirmed?: boolean } = {},
  ): Promise<Result<Bridge, StartError>> {
    if (closing) return Promise.resolve(closedResult());
    const configConfirmed = startOptions.configConfirmed ?? false;
    const context = { ...startContext, configConfirmed };
    return pending.run(() => startBridge(project, request, context, deps));
  }

  // One stop at a time per bridge; a second request waits for the first. `action`:
  // bridge.stop-requested, or bridge.stop-resumed for a stop a dashboard restart cut short.
  function stopOnce(t: Tracked, action: string): Promise<void> {
    autostart.cancel(t.record.project);
    const context = { tracker, changes, graceMs: options.stopGraceMs };
    const run = () => runRequestedStop(t, action, context, deps);
    t.stopping ??= stops.run(run).finally(() => {
      t.stopping = null;
    });
    return t.stopping;
  }

  async function recover(): Promise<void> {
    recovering = true;
    try {
      await recoverRecords();
    } finally {
      recovering = false;
    }
    for (const project of await tracker.autostartProjects(options.discovery)) {
      if (tracker.findLive(project) === null) autostart.schedule(project, null);
    }
  }

  async function recoverRecords(): Promise<void> {
    let records: BridgeRecord[];
    try {
      records = await loadRecords(options.stateDir, deps);
    } catch (error) {
      // Unread, so the tracker's (empty) list must never be saved over it at close.
      unreadRegistry = true;
      throw error;
    }
    const euid = process.geteuid?.() ?? -1;
    const hooks = {
      tracker,
      livenessMs,
      findLaunched: (record: BridgeRecord) =>
        findLaunchedProcess(record, options.stateDir, { ...deps, euid }),
      async onAdopted(t: Tracked) {
        changes.note(t, 'bridge.readopted', { pid: t.record.pid });
        if (t.record.intentional_stop) {
          // A stop the last dashboard could not finish: SIGINT, grace, SIGKILL again. Not
          // awaited, so a slow stop never delays the dashboard's start.
          void stopOnce(t, 'bridge.stop-resumed').catch((error: unknown) => {
            deps.logger?.error('resumed stop failed', { bridge_id: t.record.id, error });
          });
          return;
        }
        // Read the logs once now, so the API shows the real state from the first request. An
        // adopted bridge's logs are never written by clauster: nothing to watch.
        if (t.record.adopted !== true) await observer.judge(t, await observer.observe(t).poll());
      },
      onEnded: settle,
    };
    for (const record of await adoptRecords(records, hooks, deps)) {
      unsearched.add(record.id);
      warnSearchIncomplete(record, deps);
    }
    await changes.persist();
    await prune();
  }

  const stopParts = { tracker, isClosing: () => closing, unsearched, autostart, stopOnce };
  const requestStop = (id: string) => answerStop(id, stopParts);
  const shown = (t: Tracked | null) => (t === null ? null : toBridge(t.record));

  return {
    recover,
    start,
    async adopt(project) {
      if (closing) return closedResult();
      const context = {
        ...options,
        livenessMs,
        tracker,
        slots,
        changes,
        onEnded: settle,
        isClosing: () => closing,
      };
      return pending.run(() => adoptExternalBridge(project, context, deps));
    },
    async stop(id) {
      const stopped = await requestStop(id);
      return stopped.ok ? ok(stopped.value.bridge) : stopped;
    },
    requestStop,
    requestProjectStop: (project) => answerProjectStop(project, stopParts),
    cancelAutostartRetry: (project) => answerRetryCancel(project, stopParts),
    forget: (id) =>
      answerForget(id, { tracker, changes, isClosing: () => closing, autostart, bus: deps.bus }),
    list: () => tracker.all().map((t) => toBridge(t.record)),
    autostartRetries: () => autostart.pending(),
    listRecords: () => tracker.all().map((t) => t.record),
    get: (id) => shown(tracker.get(id)),
    findLive: (project) => shown(tracker.findLive(project)),
    async close() {
      closing = true;
      autostart.close();
      const waits = { launchWaitMs: options.closeWaitMs, stopWaitMs: options.closeStopWaitMs };
      await drainInFlight({ launches: pending, stops }, waits, deps);
      await changes.close({ save: !unreadRegistry });
      tracker.detachAll();
    },
  };
}
