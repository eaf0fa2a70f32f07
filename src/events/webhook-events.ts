/**
 * Which bus events become webhook events (reference §3.12). Bridge transitions: a new record
 * → `spawn`; → running → `ready`; → stopped (only ever by request) → `stop`; → crashed or
 * error → `crash`, once per such move (error then crashed reports once; a bridge back from
 * error to running that crashes later reports again). A finished clone job →
 * `clone-done`, once per job. Re-adopted bridges emit no `spawn` or `ready`: `ready` is only
 * for bridges this process saw being spawned.
 */
import type { ClausterEvent } from './bus.js';

export const WEBHOOK_EVENTS = ['spawn', 'ready', 'stop', 'crash', 'clone-done'] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

const CLONE_FINISHED = new Set(['done', 'failed', 'cancelled']);
// Bounds the memory of reported clone jobs (the clone service prunes old jobs anyway).
const MAX_REMEMBERED_JOBS = 256;

/** The webhook event of one bridge transition, or null. Pure. */
export function classifyBridgeTransition(
  from: string | null,
  to: string,
  spawnedHere: boolean,
): WebhookEventName | null {
  if (from === null) return to === 'starting' ? 'spawn' : null;
  if (from === to) return null;
  if (to === 'running') return spawnedHere ? 'ready' : null;
  if (to === 'stopped') return 'stop';
  if (to === 'error') return 'crash';
  if (to === 'crashed') return from === 'error' ? null : 'crash';
  return null;
}

export interface WebhookEventMapper {
  /** The webhook event `event` stands for, or null; remembers what it needs to. */
  map(event: ClausterEvent): WebhookEventName | null;
}

/** Creates a mapper with its own memory of spawned bridges and reported clone jobs. */
export function createWebhookEventMapper(): WebhookEventMapper {
  const spawned = new Set<string>();
  const reportedJobs = new Set<string>();

  function mapBridge(event: Extract<ClausterEvent, { type: 'bridge' }>): WebhookEventName | null {
    const id = typeof event.bridge.id === 'string' ? event.bridge.id : '';
    const name = classifyBridgeTransition(event.from, event.to, spawned.has(id));
    if (name === 'spawn') spawned.add(id);
    if (event.to === 'stopped' || event.to === 'crashed') spawned.delete(id);
    return name;
  }

  function mapClone(job: Record<string, unknown>): WebhookEventName | null {
    const id = typeof job.id === 'string' ? job.id : null;
    if (id === null || !CLONE_FINISHED.has(String(job.status)) || reportedJobs.has(id)) return null;
    reportedJobs.add(id);
    if (reportedJobs.size > MAX_REMEMBERED_JOBS) {
      const oldest = reportedJobs.values().next().value;
      if (oldest !== undefined) reportedJobs.delete(oldest);
    }
    return 'clone-done';
  }

  return {
    map(event) {
      if (event.type === 'bridge') return mapBridge(event);
      if (event.type === 'clone') return mapClone(event.job);
      if (event.type === 'bridge-removed') spawned.delete(event.id);
      return null;
    },
  };
}
