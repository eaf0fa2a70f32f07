// Client state: the session, the project list and what /ws/events has told us. Views
// subscribe and re-render the parts that changed; nothing here polls (the Projects view
// re-reads the list itself: project-list-watch.ts).

import { type RetryCountdown, retryCountdown } from './autostart-retry.js';
import type {
  Bridge,
  BridgeResources,
  ClaudeLogin,
  CloneJob,
  MetricsDisplay,
  Project,
  ServerEvent,
  Session,
} from './contract.js';
import { pickProjectBridge } from './project-bridge.js';

export type Connection = 'connecting' | 'live' | 'offline';

export interface AppState {
  session: Session | null;
  projects: Project[] | null;
  projectsError: string | null;
  bridges: Map<string, Bridge>;
  cloneJobs: Map<string, CloneJob>;
  connection: Connection;
  /** The server's `claude` login; null until the server has probed it. */
  claudeLogin: ClaudeLogin | null;
  /** Latest CPU/memory/disk per live bridge id (bridge-resources events). */
  resources: Map<string, BridgeResources>;
  /** How to show them; null when the server has metrics off. */
  metrics: MetricsDisplay | null;
  /** Pending autostart retries by project (autostart events), due by this browser's clock. */
  autostartRetries: Map<string, RetryCountdown>;
}

type Listener = (state: AppState) => void;

const listeners = new Set<Listener>();

export const state: AppState = {
  session: null,
  projects: null,
  projectsError: null,
  bridges: new Map(),
  cloneJobs: new Map(),
  connection: 'connecting',
  claudeLogin: null,
  resources: new Map(),
  metrics: null,
  autostartRetries: new Map(),
};

/** Calls `listener` after every change; returns the unsubscribe function. */
export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Notifies every subscriber; call after mutating `state`. */
export function notify(): void {
  for (const listener of listeners) listener(state);
}

// API answers race /ws/events: an answer to a request sent before an event may be older than
// the event (a start's "starting" arriving after the event's "running"). Every event about
// bridges bumps `eventSeq`; an answer never overwrites a bridge an event named after the
// request was sent, nor anything after a newer snapshot. Every change sends an event, so
// the event's copy is never the stale one.
let eventSeq = 0;
let snapshotSeq = -1;
const bridgeSeq = new Map<string, number>();

/** Call just before sending a request whose answer carries bridges; pass the mark along. */
export function markBridgeEvents(): number {
  return eventSeq;
}

function isStaleAnswer(id: string, since: number): boolean {
  return snapshotSeq > since || (bridgeSeq.get(id) ?? -1) > since;
}

/** Records one bridge from an API answer (to a request sent at mark `since`). */
export function putBridge(bridge: Bridge, since: number): void {
  if (isStaleAnswer(bridge.id, since)) return;
  state.bridges.set(bridge.id, bridge);
  notify();
}

/**
 * Replaces the project list (from an answer to a request sent at mark `since`). A refused
 * stale `project.bridge` is replaced by the current copy (or null when it was removed), so
 * the list never carries it back later.
 */
export function setProjects(projects: Project[], since: number): void {
  state.projects = projects;
  state.projectsError = null;
  for (const project of projects) {
    const { bridge } = project;
    if (!bridge) continue;
    if (isStaleAnswer(bridge.id, since)) project.bridge = state.bridges.get(bridge.id) ?? null;
    else state.bridges.set(bridge.id, bridge);
  }
  notify();
}

/** The bridge to show for a project: its live one, else its most recent one (project-bridge.ts). */
export function bridgeForProject(project: Project): Bridge | null {
  return pickProjectBridge(state.bridges.values(), project.name);
}

/**
 * Applies one /ws/events message, received at `receivedAt` (`Date.now()`). Returns true when the
 * project list should be re-read.
 */
export function applyEvent(event: ServerEvent, receivedAt = Date.now()): boolean {
  switch (event.type) {
    case 'snapshot':
      eventSeq += 1;
      snapshotSeq = eventSeq;
      bridgeSeq.clear();
      // The snapshot is the whole truth: drop anything removed while we were disconnected.
      state.bridges = new Map(event.bridges.map((bridge) => [bridge.id, bridge]));
      state.cloneJobs = new Map(event.clone_jobs.map((job) => [job.id, job]));
      if (event.claude_login) setClaudeLogin(event.claude_login);
      state.resources = new Map(Object.entries(event.resources ?? {}));
      state.metrics = event.metrics ?? null;
      state.autostartRetries = new Map(
        (event.autostart_retries ?? []).map((r) => [r.project, retryCountdown(r, receivedAt)]),
      );
      break;
    case 'autostart': {
      if (event.retry_at === null) state.autostartRetries.delete(event.project);
      else {
        const { project, retry_at, attempt, delay_ms, refused = null } = event;
        const shown = { project, retry_at, attempt, delay_ms, refused };
        const retry = retryCountdown(shown, receivedAt);
        state.autostartRetries.set(project, retry);
      }
      break;
    }
    case 'bridge-resources':
      state.resources = new Map(Object.entries(event.resources));
      break;
    case 'bridge':
      eventSeq += 1;
      bridgeSeq.set(event.bridge.id, eventSeq);
      state.bridges.set(event.bridge.id, event.bridge);
      break;
    case 'bridge-removed':
      eventSeq += 1;
      bridgeSeq.set(event.id, eventSeq);
      state.bridges.delete(event.id);
      for (const project of state.projects ?? []) {
        if (project.bridge?.id === event.id) project.bridge = null;
      }
      break;
    case 'clone':
      state.cloneJobs.set(event.job.id, event.job);
      notify();
      return event.job.status === 'done';
    case 'claude-login':
      setClaudeLogin(event.login);
      break;
    case 'projects-changed':
      return true;
    default:
      return false;
  }
  notify();
  return false;
}

/** Records a login answer unless a newer one is already known (events and /healthz race). */
export function setClaudeLogin(login: ClaudeLogin): boolean {
  const known = state.claudeLogin;
  if (known && Date.parse(known.checked_at) > Date.parse(login.checked_at)) return false;
  state.claudeLogin = login;
  return true;
}

/** A tab title: the page, then this dashboard's `instance_name` (or "clauster"). */
export function tabTitle(page: string): string {
  return `${page} · ${state.session?.instance_name || 'clauster'}`;
}
