/**
 * `/ws/events`: a snapshot `{type:'snapshot', bridges, clone_jobs, claude_login, resources,
 * autostart_retries}` on connect
 * (the login answer last known, refreshed in the background when stale), then every
 * bus event as JSON, so the UI never polls. Invariants: gates and slot admission ran before
 * this handler (app.ts); a slow client costs at most the socket cap — events it could not
 * take are dropped and replaced by a fresh snapshot once its buffer drained, so its view
 * never stays stale; closing the socket unsubscribes from the bus and releases the slot.
 */
import { Hono } from 'hono';
import { formatClaudeLogin } from '../claude/auth-probe.js';
import type { ClausterEvent } from '../events/bus.js';
import type { AppContext } from '../http/context.js';
import type { WsTicket } from './registry.js';
import { createSocketSender, type SendableSocket } from './socket-sender.js';
import type { UpgradeWebSocket } from './upgrade.js';

/** The snapshot message from whatever services the context has. */
export function buildSnapshot(ctx: AppContext): {
  type: 'snapshot';
  bridges: unknown[];
  /** Pending autostart retries `{project, retry_at, attempt, delay_ms, refused}` (events follow). */
  autostart_retries: unknown[];
  clone_jobs: unknown[];
  claude_login: Record<string, unknown> | null;
  resources?: Record<string, unknown>;
  metrics?: { show_disk: boolean; normalize_cpu: boolean };
} {
  const login = ctx.claudeLogin?.peek() ?? null;
  return {
    type: 'snapshot',
    bridges: ctx.supervisor?.list() ?? [],
    autostart_retries: ctx.supervisor?.autostartRetries() ?? [],
    clone_jobs: ctx.clone?.list() ?? [],
    claude_login: login === null ? null : formatClaudeLogin(login),
    // Latest per-bridge numbers (bridge-resources events follow) and how the UI shows them;
    // both absent with metrics.enabled false.
    ...(ctx.resources === undefined
      ? {}
      : {
          resources: ctx.resources.peek(),
          metrics: {
            show_disk: ctx.config.metrics.show_disk,
            normalize_cpu: ctx.config.metrics.normalize_cpu,
          },
        }),
  };
}

// The bus hands every subscriber the same event object: serialise it once, not per socket.
const serialised = new WeakMap<ClausterEvent, string>();

/** The JSON text of a published event, computed on first use and shared by every socket. */
export function serialiseEvent(event: ClausterEvent): string {
  let text = serialised.get(event);
  if (text === undefined) {
    text = JSON.stringify(event);
    serialised.set(event, text);
  }
  return text;
}

function startEvents(ctx: AppContext, socket: SendableSocket): () => void {
  let stale = false;
  const sender = createSocketSender(socket, {
    onDrained: () => {
      if (stale) stale = !sender.sendJson(buildSnapshot(ctx));
    },
  });
  sender.sendJson(buildSnapshot(ctx));
  // A first or stale answer is (re-)probed; a change reaches this socket as a claude-login event.
  void ctx.claudeLogin?.read();
  const unsubscribe = ctx.bus.subscribe((event: ClausterEvent) => {
    if (stale || !sender.sendText(serialiseEvent(event))) stale = true;
  });
  // An open dashboard is what keeps the resource sampler polling (see resource-sampler.ts).
  const unwatch = ctx.resources?.watch();
  return () => {
    unwatch?.();
    unsubscribe();
    sender.stop();
  };
}

/** Route module: `app.route('/', eventsWsRoutes(ctx, upgradeWebSocket))`. */
export function eventsWsRoutes(ctx: AppContext, upgradeWebSocket: UpgradeWebSocket): Hono {
  const routes = new Hono();
  routes.get(
    '/ws/events',
    upgradeWebSocket((c) => {
      // Set by the wsAdmission middleware (absent only in tests that mount this module bare).
      const ticket: WsTicket | undefined = c.get('wsTicket');
      let stop: (() => void) | null = null;
      let closed = false;
      const finish = (): void => {
        if (closed) return;
        closed = true;
        ticket?.release();
        stop?.();
      };
      return {
        onOpen: (_event, ws) => {
          ticket?.attach(ws);
          if (!closed) stop = startEvents(ctx, ws);
        },
        onClose: finish,
        onError: finish,
      };
    }),
  );
  return routes;
}
