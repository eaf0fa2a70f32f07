/** In-process event bus: bridge transitions, clone progress and warnings for /ws/events. */

export type ClausterEvent =
  | { type: 'bridge'; bridge: Record<string, unknown>; from: string | null; to: string }
  | { type: 'bridge-removed'; id: string }
  /** Latest per-bridge resources (bridge id → numbers), each poll while /ws/events is open. */
  | { type: 'bridge-resources'; resources: Record<string, unknown> }
  | { type: 'clone'; job: Record<string, unknown> }
  | { type: 'warning'; code: string; message: string }
  | { type: 'claude-login'; login: Record<string, unknown> }
  | { type: 'projects-changed' }
  /**
   * An autostart retry of `project` is due at `retry_at`, `delay_ms` from now by the server's
   * clock (with `attempt`); `retry_at` null (and no delay) once it fired or was cancelled.
   * `refused`: why the start it follows was refused before any record existed (code, and a
   * redacted, bounded message); null when it follows a crash or the dashboard start.
   */
  | {
      type: 'autostart';
      project: string;
      retry_at: string | null;
      attempt?: number;
      delay_ms?: number;
      refused?: { code: string; message: string } | null;
    };

export type Listener = (event: ClausterEvent) => void;

export interface EventBus {
  publish(event: ClausterEvent): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: Listener): () => void;
  listenerCount(): number;
}

/** Creates a synchronous bus; a throwing listener never stops the others. */
export function createEventBus(): EventBus {
  const listeners = new Set<Listener>();
  return {
    publish(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // A broken subscriber must not break the publisher (the supervisor).
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    listenerCount: () => listeners.size,
  };
}
