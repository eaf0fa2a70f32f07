// /ws/events client: one socket, snapshot first, then live events; reconnects with capped,
// jittered backoff. There is no polling fallback: while offline the header says so.

import { socketUrl } from './api.js';
import type { ServerEvent } from './contract.js';
import { applyEvent, notify, state } from './state.js';

export interface EventsOptions {
  /** Re-read GET /api/projects (after a snapshot or a projects-changed event). */
  refreshProjects(): void;
  /** The server refused or closed the socket for auth reasons. */
  onUnauthorized(): void;
  /** The socket closed before its snapshot (server down, or the handshake was refused). */
  onRefused(): void;
  /** A {type:'warning'} event. */
  onWarning(message: string): void;
  /** A live {type:'bridge'} transition (never one replayed by a snapshot). */
  onBridge?(event: Extract<ServerEvent, { type: 'bridge' }>): void;
}

const MAX_DELAY_MS = 30_000;
// Close codes that mean "your session is gone": policy violation and the app's 4401.
const AUTH_CLOSE_CODES = new Set([1008, 4401, 4403]);

let socket: WebSocket | null = null;
let retryTimer: number | undefined;
let attempt = 0;
let stopped = true;
let options: EventsOptions | null = null;

/** Opens the events socket (idempotent). */
export function connectEvents(opts: EventsOptions): void {
  options = opts;
  stopped = false;
  if (socket) return;
  open();
}

/** Closes the socket and stops reconnecting (logout, session ended). */
export function disconnectEvents(): void {
  stopped = true;
  window.clearTimeout(retryTimer);
  const current = socket;
  socket = null;
  current?.close(1000, 'logout');
  setConnection('offline');
}

function open(): void {
  setConnection('connecting');
  const ws = new WebSocket(socketUrl('ws/events'));
  socket = ws;
  let sawSnapshot = false;
  ws.addEventListener('message', (message) => {
    const event = parseEvent(message.data);
    if (!event) return;
    if (event.type === 'snapshot') {
      sawSnapshot = true;
      attempt = 0;
      setConnection('live');
      options?.refreshProjects();
    }
    if (event.type === 'warning') options?.onWarning(event.message);
    if (event.type === 'bridge') options?.onBridge?.(event);
    if (applyEvent(event)) options?.refreshProjects();
  });
  ws.addEventListener('close', (close) => {
    if (socket !== ws) return;
    socket = null;
    if (stopped) return;
    if (AUTH_CLOSE_CODES.has(close.code)) {
      setConnection('offline');
      options?.onUnauthorized();
      return;
    }
    // A handshake refused before 101 looks like code 1006 with no snapshot: let the shell ask
    // the server whether the session is still valid, and keep retrying meanwhile.
    if (!sawSnapshot) options?.onRefused();
    scheduleReconnect();
  });
}

function scheduleReconnect(): void {
  setConnection('offline');
  attempt += 1;
  const base = Math.min(MAX_DELAY_MS, 1000 * 2 ** Math.min(attempt - 1, 5));
  const delay = base / 2 + Math.random() * (base / 2);
  window.clearTimeout(retryTimer);
  retryTimer = window.setTimeout(() => {
    if (!stopped && !socket) open();
  }, delay);
}

/** Reconnects at once (the browser came back online or the tab became visible). */
export function reconnectNow(): void {
  if (stopped || socket) return;
  window.clearTimeout(retryTimer);
  open();
}

function setConnection(value: typeof state.connection): void {
  if (state.connection === value) return;
  state.connection = value;
  notify();
}

function parseEvent(data: unknown): ServerEvent | null {
  if (typeof data !== 'string') return null;
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value === 'object' && value !== null && 'type' in value) {
      return value as ServerEvent;
    }
  } catch {
    // Ignore a malformed frame rather than tearing the dashboard down.
  }
  return null;
}
