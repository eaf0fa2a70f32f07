/**
 * The bridge supervisor (design §4): starts, observes, stops and re-adopts `claude
 * remote-control` processes. Invariants: at most one live bridge per project and at most
 * `max_bridges` overall; every status change is published on the bus, appended to the audit
 * log and written to bridges.json; closing the supervisor never signals a bridge.
 */
import type { TrustWriter } from '../claude/trust-file.js';
import type { EventBus } from '../events/bus.js';
import { fail, ok, type Result } from '../result.js';
import type { AuditLog } from '../state/audit.js';
import type { Clock, Env, Fs, Logger, Processes, Spawn, WatchPath } from '../system/ports.js';
import { type AdoptError, adoptExternalBridge } from './adopt-external.js';
import { type BackoffOptions, createAutostartScheduler, DEFAULT_BACKOFF } from './autostart.js';
import { buildStartingRecord, launchBridge } from './bridge-launch.js';
import { createBridgeObserver } from './bridge-observe.js';
import { describeStopOutcome } from './bridge-stop.js';
import { createBridgeTracker, type Ended, type Tracked } from './bridge-tracker.js';
import { ownBridgePids } from './external-bridge.js';
import type { StartRequest } from './launch-options.js';
import { createLaunchSlots } from './launch-slots.js';
import { type PreflightError, type PreflightOptions, runPreflight } from './preflight.js';
import type { BridgeRecord } from './record.js';
import { type Bridge, createBridgeId, isLiveStatus, toBridge } from './record.js';
import { adoptRecords } from './recover.js';
import { loadRegistry } from './registry.js';
import { createRemoteControlConsent } from './remote-control-consent.js';
import { stopTrackedBridge } from './stop-tracked.js';
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
}

export interface SupervisorDeps {
  fs: Fs;
  clock: Clock;
  spawn: Spawn;
  processes: Processes;
  env: Env;
  home: string;
  audit: AuditLog;
  bus: EventBus;
  trust: TrustWriter;
  logger?: Logger;
  /** fs.watch for starting bridges' log directories; without it they are only polled. */
  watch?: WatchPath;
}

export type StartError =
  | PreflightError
  | 'already-running'
  | 'max-bridges'
  | 'spawn-failed'
  | 'claude-config-invalid'
  | 'supervisor-closed';

export interface Supervisor {
  /** Loads bridges.json, re-adopts live bridges, marks the rest, runs autostart. */
  recover(): Promise<void>;
  start(
    project: unknown,
    request: StartRequest,
    options?: { configConfirmed?: boolean },
  ): Promise<Result<Bridge, StartError>>;
  /** Takes over the live bridge started outside clauster for `project` (see adopt-external.ts). */
  adopt(project: unknown): Promise<Result<Bridge, AdoptError | 'supervisor-closed'>>;
  stop(id: string): Promise<Result<Bridge, 'unknown-bridge'>>;
  /** Drops the record of a bridge that is not live (never kills anything). */
  forget(id: string): Promise<Result<null, 'unknown-bridge' | 'bridge-live'>>;
  list(): Bridge[];
  /** The stored records (start time, boot id), not copied: for readers that must check a pid. */
  listRecords(): readonly Readonly<BridgeRecord>[];
  get(id: string): Bridge | null;
  /** The live bridge of a project, if any. */
  findLive(project: string): Bridge | null;
  /** Stops observing (timers, watchers) and flushes bridges.json; bridges keep running. */
  close(): Promise<void>;
}

/** Creates the supervisor for one state_dir. */
export function createSupervisor(options: SupervisorOptions, deps: SupervisorDeps): Supervisor {
  const tracker = createBridgeTracker(deps);
  const changes = createTransitions(options.stateDir, tracker, deps);
  const slots = createLaunchSlots(options.maxBridges, tracker);
  const livenessMs = options.livenessIntervalMs ?? 1000;
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
  const autostart = createAutostartScheduler((project) => {
    if (changes.isClosed()) return;
    void start(project, {}, { configConfirmed: true }).then((result) => {
      if (result.ok || result.code === 'already-running' || changes.isClosed()) return;
      deps.logger?.warn('autostart failed', { project, code: result.code, detail: result.detail });
      autostart.schedule(project, null);
    });
  }, options.backoff ?? DEFAULT_BACKOFF);

  async function settle(t: Tracked, ended: Ended): Promise<void> {
    if (changes.isClosed()) return;
    const runningSince = t.record.status === 'running' ? Date.parse(t.record.started_at) : null;
    const patch = await tracker.describeEnd(t, ended, { stopGraceMs: options.stopGraceMs });
    t.exit = null;
    await changes.apply(t, {
      ...patch,
      stopped_at: new Date(deps.clock.now()).toISOString(),
      pid: null,
    });
    if (t.record.intentional_stop) return;
    const settings = await tracker.projectSettings(t.record.project, options.discovery);
    if (!settings?.autostart || changes.isClosed()) return;
    const delay = autostart.schedule(
      t.record.project,
      runningSince === null ? null : deps.clock.now() - runningSince,
    );
    deps.logger?.info('autostart scheduled', { project: t.record.project, delay_ms: delay });
  }

  async function start(
    project: unknown,
    request: StartRequest,
    startOptions: { configConfirmed?: boolean } = {},
  ): Promise<Result<Bridge, StartError>> {
    if (changes.isClosed()) return fail('supervisor-closed', 'the supervisor is shutting down');
    const configConfirmed = startOptions.configConfirmed ?? false;
    // Our own bridges' pointers are not foreign: those starts end as already-running below.
    const ownPids = ownBridgePids(tracker.all().map((t) => t.record));
    const preOptions = { ...options, configConfirmed, ownBridgePids: ownPids };
    const pre = await runPreflight(project, request, preOptions, deps);
    if (!pre.ok) return pre;
    const name = pre.value.project.name;
    const caps = slots.claim(name);
    if (!caps.ok) return caps;
    try {
      const acknowledged = await consent.ensure();
      if (!acknowledged.ok) return acknowledged;
      const { choice, env, binaryPath } = pre.value;
      const input = {
        id: createBridgeId(),
        stateDir: options.stateDir,
        cwd: pre.value.project.path,
        projectName: name,
        choice,
        env,
        binaryPath,
        rawLogs: options.rawLogs === true,
      };
      const launched = await launchBridge(input, deps);
      if (!launched.ok) return launched;
      const t = tracker.add(
        buildStartingRecord(input, launched.value, new Date(deps.clock.now()).toISOString()),
      );
      tracker.attachChild(t, launched.value.child, (ended) => settle(t, ended));
      observer.observe(t);
      await changes.apply(t, {}, { created: true });
      return ok(toBridge(t.record));
    } finally {
      slots.release(name);
    }
  }

  async function runStop(t: Tracked): Promise<void> {
    autostart.cancel(t.record.project);
    t.record.intentional_stop = true;
    changes.note(t, 'bridge.stop-requested');
    await changes.persist();
    const graceMs = options.stopGraceMs;
    // 'exited' at once for a bridge with no pending end (no pid, or its end already settled).
    const outcome = await stopTrackedBridge(t, { tracker, graceMs }, deps);
    if (outcome === 'stuck') {
      // Unkillable (e.g. uninterruptible I/O): say so; its eventual exit still settles it.
      deps.logger?.error('bridge still present after SIGKILL', {
        bridge_id: t.record.id,
        pid: t.record.pid,
      });
      await changes.apply(t, {
        status: 'error',
        reason: describeStopOutcome(outcome, graceMs, t.stopGroup),
      });
      return;
    }
    await t.settled;
  }

  async function recover(): Promise<void> {
    const loaded = await loadRegistry(options.stateDir, deps);
    if (loaded.warning !== null) {
      deps.logger?.warn(loaded.warning);
      deps.bus.publish({ type: 'warning', code: 'registry-corrupt', message: loaded.warning });
      void deps.audit.append({ action: 'bridges.registry-corrupt', detail: loaded.warning });
    }
    const hooks = {
      tracker,
      livenessMs,
      async onAdopted(t: Tracked) {
        changes.note(t, 'bridge.readopted', { pid: t.record.pid });
        // Read the logs once now, so the API shows the real state from the first request. An
        // adopted bridge's logs are never written by clauster: nothing to watch.
        if (t.record.adopted !== true) await observer.judge(t, await observer.observe(t).poll());
      },
      onEnded: settle,
    };
    await adoptRecords(loaded.records, hooks, deps);
    await changes.persist();
    for (const project of await tracker.autostartProjects(options.discovery)) {
      if (tracker.findLive(project) === null) autostart.schedule(project, null);
    }
  }

  return {
    recover,
    start,
    async adopt(project) {
      if (changes.isClosed()) return fail('supervisor-closed', 'the supervisor is shutting down');
      const context = { ...options, livenessMs, tracker, slots, changes, onEnded: settle };
      return adoptExternalBridge(project, context, deps);
    },
    async stop(id) {
      const t = tracker.get(id);
      if (t === null) return fail('unknown-bridge', `bridge ${JSON.stringify(id)}: no such bridge`);
      if (isLiveStatus(t.record.status) && t.exit !== null) {
        t.stopping ??= runStop(t).finally(() => {
          t.stopping = null;
        });
        await t.stopping;
      }
      return ok(toBridge(t.record));
    },
    async forget(id) {
      const t = tracker.get(id);
      if (t === null) return fail('unknown-bridge', `bridge ${JSON.stringify(id)}: no such bridge`);
      if (isLiveStatus(t.record.status))
        return fail('bridge-live', `bridge ${id} is ${t.record.status}; stop it first`);
      tracker.remove(id);
      deps.bus.publish({ type: 'bridge-removed', id });
      changes.note(t, 'bridge.forget');
      await changes.persist();
      return ok(null);
    },
    list: () => tracker.all().map((t) => toBridge(t.record)),
    listRecords: () => tracker.all().map((t) => t.record),
    get: (id) => {
      const t = tracker.get(id);
      return t === null ? null : toBridge(t.record);
    },
    findLive: (project) => {
      const t = tracker.findLive(project);
      return t === null ? null : toBridge(t.record);
    },
    async close() {
      await changes.close();
      autostart.close();
      tracker.detachAll();
    },
  };
}
