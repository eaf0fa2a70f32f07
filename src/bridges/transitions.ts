/**
 * One place where a bridge changes: the record is patched, the change is published on the
 * bus, appended to audit.jsonl and bridges.json is rewritten. After `close()` nothing is
 * published or written any more (a restarted dashboard owns the state then). A write that
 * fails is logged, and the first failure of a streak (until a write succeeds again) is also
 * published as a `warning` event; only `record()` reports its failure to the caller.
 */
import type { EventBus } from '../events/bus.js';
import { fail, ok, type Result } from '../result.js';
import type { AuditLog } from '../state/audit.js';
import type { Fs, Logger } from '../system/ports.js';
import type { BridgeTracker, Tracked } from './bridge-tracker.js';
import { type BridgeRecord, toBridge } from './record.js';
import { createRegistryStore } from './registry.js';

export type RecordError = 'registry-write-failed' | 'supervisor-closed';

export interface Transitions {
  /** Applies `patch` and reports it; `created` marks the first event of a new bridge. */
  apply(t: Tracked, patch: Partial<BridgeRecord>, options?: { created?: boolean }): Promise<void>;
  /**
   * Appends an audit line about a bridge without a status change, or about a project by name
   * when it has no record (an autostart retry of a start refused before one existed).
   */
  note(about: Tracked | string, action: string, extra?: Record<string, unknown>): void;
  persist(): Promise<void>;
  /**
   * Drops a record that was never spawned and saves bridges.json without it. After close()
   * nothing is written (the instance lock may be another dashboard's by then): its `starting`
   * record stays, and the next start finds no process for it and marks it crashed.
   */
  takeBack(id: string): Promise<void>;
  /** Writes bridges.json now and says whether it is on disk (nothing is published). */
  record(): Promise<Result<null, RecordError>>;
  isClosed(): boolean;
  /** Saves the records a last time (unless `save` is false), then refuses every change. */
  close(options?: { save?: boolean }): Promise<void>;
}

function describeWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : String(error);
}

/** Creates the transition sink for one state_dir. */
export function createTransitions(
  stateDir: string,
  tracker: BridgeTracker,
  deps: { fs: Fs; bus: EventBus; audit: AuditLog; logger?: Logger },
): Transitions {
  const registry = createRegistryStore(stateDir, deps);
  let closed = false;
  let failing = false;

  // The error of the write, or null once the records are on disk.
  async function write(): Promise<string | null> {
    try {
      await registry.save(tracker.all().map((t) => t.record));
    } catch (error) {
      const why = describeWriteError(error);
      deps.logger?.error('cannot write bridges.json', { path: registry.path, error: why });
      return why;
    }
    if (failing) deps.logger?.info('bridges.json is written again', { path: registry.path });
    failing = false;
    return null;
  }

  async function persist(): Promise<void> {
    if (closed) return;
    const why = await write();
    if (why === null || failing) return;
    failing = true;
    deps.bus.publish({
      type: 'warning',
      code: 'registry-write-failed',
      message: `state_dir ${stateDir}: cannot write bridges.json (${why}); bridge changes are not saved until it can be written again, so a restarted dashboard would not know of bridges started meanwhile. Free space in state_dir or fix its permissions.`,
    });
  }

  return {
    async apply(t, patch, options = {}) {
      if (closed) return;
      const from = t.record.status;
      Object.assign(t.record, patch);
      const to = t.record.status;
      // Published before the (fsynced) write, so watchers see the change at once.
      deps.bus.publish({
        type: 'bridge',
        bridge: toBridge(t.record),
        from: options.created ? null : from,
        to,
      });
      const { id, project, reason } = t.record;
      void deps.audit.append({
        action: `bridge.${to}`,
        bridge_id: id,
        project,
        from: options.created ? null : from,
        to,
        reason,
      });
      await persist();
    },
    note(about, action, extra = {}) {
      if (closed) return;
      const subject =
        typeof about === 'string'
          ? { project: about }
          : { bridge_id: about.record.id, project: about.record.project };
      void deps.audit.append({ action, ...subject, ...extra });
    },
    persist,
    async takeBack(id) {
      tracker.remove(id);
      await persist();
    },
    async record() {
      if (closed) return fail('supervisor-closed', 'the supervisor is shutting down');
      const why = await write();
      if (why === null) return ok(null);
      return fail(
        'registry-write-failed',
        `state_dir ${stateDir}: cannot write bridges.json (${why}), so the bridge was not started (it would run unrecorded); free space in state_dir or fix its permissions, then start it again`,
      );
    },
    isClosed: () => closed,
    async close(options = {}) {
      if (options.save !== false) await persist();
      closed = true;
    },
  };
}
