/**
 * The supervisor's in-memory table of bridges and how each one's end is detected: our own
 * children through their exit promise, re-adopted ones by polling /proc. Also turns an end
 * into the final status and the CLI's own reason (redacted).
 */
import { join } from 'node:path';
import {
  type DiscoveryOptions,
  listProjects,
  type ProjectSettings,
  resolveProject,
} from '../projects/discovery.js';
import type { ChildHandle, Fs, Processes } from '../system/ports.js';
import { describeStopOutcome, type StopOutcome } from './bridge-stop.js';
import type { Watch } from './bridge-watch.js';
import { createDebugMarkers, scanDebugLines } from './debug-log.js';
import { describeCrash, type ExitFacts } from './exit-reason.js';
import { readFileTail } from './log-follow.js';
import { isSameBridgeProcess, watchProcessExit } from './process-exit.js';
import { type BridgeRecord, isLiveStatus } from './record.js';

const TAIL_BYTES = 64 * 1024;

/** How a bridge ended: exit facts when it was our child; `groupSafe` allows a group SIGKILL. */
export interface Ended {
  facts: ExitFacts | null;
  groupSafe: boolean;
  /** The reason to keep when neither its output nor a stop says more (set by recovery). */
  fallback?: string;
}

export interface Tracked {
  record: BridgeRecord;
  /** True when this process spawned it (its pid stays ours until reaped). */
  own: boolean;
  watch: Watch | null;
  /** Resolves when the process ends; null once the end was handled or for a dead record. */
  exit: Promise<Ended> | null;
  cancelExit: (() => void) | null;
  stopping: Promise<void> | null;
  /** Resolves after the end was turned into a final status. */
  settled: Promise<void> | null;
  stopOutcome: StopOutcome | null;
  /** Whether a stop signalled its process group (false: the pid alone); words the reason. */
  stopGroup: boolean;
}

export interface BridgeTracker {
  add(record: BridgeRecord): Tracked;
  get(id: string): Tracked | null;
  all(): Tracked[];
  remove(id: string): void;
  findLive(project: string): Tracked | null;
  attachChild(t: Tracked, child: ChildHandle, onEnd: (ended: Ended) => Promise<void>): void;
  attachAdopted(t: Tracked, intervalMs: number, onEnd: (ended: Ended) => Promise<void>): void;
  /** True when signalling the recorded pid still reaches this bridge. */
  isStillOurs(t: Tracked): Promise<boolean>;
  /** The final status and reason for a bridge that ended. */
  describeEnd(
    t: Tracked,
    ended: Ended,
    options: { stopGraceMs: number },
  ): Promise<Pick<BridgeRecord, 'status' | 'reason'>>;
  logFiles(record: BridgeRecord): { debug: string; stdout: string; stderr: string };
  projectSettings(project: string, discovery: DiscoveryOptions): Promise<ProjectSettings | null>;
  autostartProjects(discovery: DiscoveryOptions): Promise<string[]>;
  detachAll(): void;
}

/** `record` as the tracker first holds it: not attached to a process, nothing in flight. */
export function trackRecord(record: BridgeRecord): Tracked {
  return {
    record,
    own: false,
    watch: null,
    exit: null,
    cancelExit: null,
    stopping: null,
    settled: null,
    stopOutcome: null,
    stopGroup: true,
  };
}

/** Creates the table. */
export function createBridgeTracker(deps: { fs: Fs; processes: Processes }): BridgeTracker {
  const table = new Map<string, Tracked>();

  // Hybrid mode is read back from the recorded --debug-file, so a re-adopted bridge is
  // followed in the files it really writes.
  function logFiles(record: BridgeRecord) {
    const debugArg = record.argv[record.argv.indexOf('--debug-file') + 1] ?? '';
    const suffix = debugArg.endsWith('.raw.log') ? '.raw.log' : '.log';
    return {
      debug: join(record.log_dir, `debug${suffix}`),
      stdout: join(record.log_dir, `stdout${suffix}`),
      stderr: join(record.log_dir, `stderr${suffix}`),
    };
  }

  function bind(t: Tracked, exit: Promise<Ended>, onEnd: (ended: Ended) => Promise<void>): void {
    t.exit = exit;
    t.settled = exit.then(onEnd).catch(() => {});
  }

  return {
    add(record) {
      const t = trackRecord(record);
      table.set(record.id, t);
      return t;
    },
    get: (id) => table.get(id) ?? null,
    all: () => [...table.values()],
    remove: (id) => {
      table.delete(id);
    },
    findLive: (project) =>
      [...table.values()].find(
        (t) => t.record.project === project && isLiveStatus(t.record.status),
      ) ?? null,
    attachChild(t, child, onEnd) {
      t.own = true;
      bind(
        t,
        child.exited.then((r) => ({
          facts: { exitCode: r.exitCode, signal: r.signal },
          groupSafe: true,
        })),
        onEnd,
      );
    },
    attachAdopted(t, intervalMs, onEnd) {
      const watch = watchProcessExit(t.record, intervalMs, deps);
      t.cancelExit = watch.cancel;
      // Why not for an adopted bridge: clauster did not create its group, which may hold
      // the shell or tool that launched it; its leftovers are not ours to kill.
      const groupSafe = (signal: string) => signal === 'gone' && t.record.adopted !== true;
      bind(
        t,
        watch.exited.then((signal) => ({ facts: null, groupSafe: groupSafe(signal) })),
        onEnd,
      );
    },
    async isStillOurs(t) {
      if (t.own) return true;
      return isSameBridgeProcess(await deps.processes.identity(t.record.pid ?? -1), t.record);
    },
    async describeEnd(t, ended, options) {
      t.watch?.stop();
      t.cancelExit?.();
      // Why: session processes of a bridge that died stay in its group; end them too.
      if (ended.groupSafe && t.record.pid !== null)
        deps.processes.signal(t.record.pid, 'SIGKILL', true);
      if (t.record.intentional_stop) {
        const stop = describeStopOutcome(t.stopOutcome, options.stopGraceMs, t.stopGroup);
        return { status: 'stopped', reason: stop ?? ended.fallback ?? null };
      }
      const files = logFiles(t.record);
      const [stderr, stdout, debug] = await Promise.all([
        readFileTail(files.stderr, TAIL_BYTES, deps),
        readFileTail(files.stdout, TAIL_BYTES, deps),
        readFileTail(files.debug, TAIL_BYTES, deps),
      ]);
      const markers = scanDebugLines(debug.split('\n'), createDebugMarkers());
      const sources = { stderr, stdout, debugFatal: markers.fatalError };
      return { status: 'crashed', reason: describeCrash(sources, ended.facts, ended.fallback) };
    },
    logFiles,
    async projectSettings(project, discovery) {
      const resolved = await resolveProject(project, discovery, deps);
      return resolved.ok ? resolved.value.settings : null;
    },
    async autostartProjects(discovery) {
      const listed = await listProjects(discovery, deps);
      return listed.ok ? listed.value.filter((p) => p.settings.autostart).map((p) => p.name) : [];
    },
    detachAll() {
      for (const t of table.values()) {
        t.watch?.stop();
        t.cancelExit?.();
      }
    },
  };
}
