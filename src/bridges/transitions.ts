/**
 * One place where a bridge changes: the record is patched, the change is published on the
 * bus, appended to audit.jsonl and bridges.json is rewritten. After `close()` nothing is
 * published or written any more (a restarted dashboard owns the state then).
 */
import type { EventBus } from '../events/bus.js';
import type { AuditLog } from '../state/audit.js';
import type { Fs, Logger } from '../system/ports.js';
import type { BridgeTracker, Tracked } from './bridge-tracker.js';
import { type BridgeRecord, toBridge } from './record.js';
import { createRegistryStore } from './registry.js';

export interface Transitions {
  /** Applies `patch` and reports it; `created` marks the first event of a new bridge. */
  apply(t: Tracked, patch: Partial<BridgeRecord>, options?: { created?: boolean }): Promise<void>;
  /** Appends an audit line about a bridge without a status change. */
  note(t: Tracked, action: string, extra?: Record<string, unknown>): void;
  persist(): Promise<void>;
  isClosed(): boolean;
  close(): Promise<void>;
}

/** Creates the transition sink for one state_dir. */
export function createTransitions(
  stateDir: string,
  tracker: BridgeTracker,
  deps: { fs: Fs; bus: EventBus; audit: AuditLog; logger?: Logger },
): Transitions {
  const registry = createRegistryStore(stateDir, deps);
  let closed = false;

  async function persist(): Promise<void> {
    if (closed) return;
    await registry.save(tracker.all().map((t) => t.record)).catch((error: unknown) => {
      deps.logger?.error('cannot write bridges.json', { error: String(error) });
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
    note(t, action, extra = {}) {
      if (!closed)
        void deps.audit.append({
          action,
          bridge_id: t.record.id,
          project: t.record.project,
          ...extra,
        });
    },
    persist,
    isClosed: () => closed,
    async close() {
      await persist();
      closed = true;
    },
  };
}
