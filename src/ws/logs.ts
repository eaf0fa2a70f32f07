/**
 * `/ws/logs/{bridgeId}?tail=N&file=debug|stdout|stderr`: the last N redacted lines of a
 * bridge's log, then every line appended to it (also for a stopped bridge's last log).
 * Invariants: the host, origin and auth gates and the socket-slot admission ran before this
 * handler (app.ts middleware); a bad id, tail or file is refused with 400/404 before any 101;
 * only redacted lines are sent; a slow client costs at most the socket cap
 * (socket-sender.ts); closing the socket stops the tailer and releases the slot.
 */
import { Hono } from 'hono';
import {
  hasLogSet,
  isBridgeId,
  isLogStream,
  type LogStream,
  resolveVerbatimPath,
} from '../bridges/log-paths.js';
import { type LogTail, tailLogFile } from '../bridges/log-tail.js';
import type { AppContext } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { watchPath } from '../system/file-watch.js';
import type { WsTicket } from './registry.js';
import { createSocketSender, type SendableSocket, type SocketSender } from './socket-sender.js';
import type { UpgradeWebSocket } from './upgrade.js';

export const DEFAULT_TAIL = 200;
export const MAX_TAIL = 5000;

/** Parses `?tail=`: absent → 200, an integer 0…5000, anything else refused. */
export function parseTailParam(value: string | undefined): number | null {
  if (value === undefined || value === '') return DEFAULT_TAIL;
  if (!/^\d{1,4}$/.test(value)) return null;
  const tail = Number(value);
  return tail <= MAX_TAIL ? tail : null;
}

async function resolveRequest(ctx: AppContext, id: string, query: Record<string, string>) {
  const tail = parseTailParam(query.tail);
  if (tail === null) {
    throw new HttpError(
      'bad-request',
      `tail: expected an integer from 0 to ${MAX_TAIL}, got ${JSON.stringify(String(query.tail).slice(0, 20))}`,
    );
  }
  const file = query.file ?? 'debug';
  if (!isLogStream(file)) {
    throw new HttpError(
      'bad-request',
      `file: expected debug, stdout or stderr, got ${JSON.stringify(file.slice(0, 20))}`,
    );
  }
  // Known to the supervisor or with logs on disk (a forgotten bridge's retained set).
  const known =
    isBridgeId(id) &&
    (ctx.supervisor?.get(id) != null || (await hasLogSet(ctx.stateDir, id, ctx.deps)));
  if (!known) throw new HttpError('unknown-bridge', 'no such bridge');
  const path = await resolveVerbatimPath(ctx.stateDir, id, file as LogStream, ctx.deps);
  return { tail, path };
}

function startStream(
  ctx: AppContext,
  socket: SendableSocket,
  request: { tail: number; path: string },
) {
  let resetPending = false;
  const sender: SocketSender = createSocketSender(socket, {
    onDrained: () => {
      if (resetPending) resetPending = !sender.sendJson({ type: 'reset' });
    },
  });
  const tail: LogTail = tailLogFile(
    request.path,
    { tail: request.tail, follow: true, stripAnsi: ctx.config.logs.strip_ansi_in_stream },
    {
      onLines: (lines) => {
        ctx.metrics?.countRedactedLines(lines.length);
        sender.sendLines(lines);
      },
      onReset: () => {
        // A reset must not be lost to backpressure: it is resent once the buffer drained.
        resetPending = !sender.sendJson({ type: 'reset' });
      },
    },
    { fs: ctx.deps.fs, watch: watchPath },
  );
  tail.ready.catch((error: unknown) => {
    ctx.logger.warn('log stream failed', { error: String(error) });
    try {
      (socket as { close?(code: number, reason: string): void }).close?.(1011, 'log unreadable');
    } catch {
      // already closed
    }
  });
  return {
    async close() {
      sender.stop();
      await tail.close();
    },
  };
}

/** Route module: `app.route('/', logsWsRoutes(ctx, upgradeWebSocket))`. */
export function logsWsRoutes(ctx: AppContext, upgradeWebSocket: UpgradeWebSocket): Hono {
  const routes = new Hono();
  routes.get(
    '/ws/logs/:bridgeId',
    upgradeWebSocket(async (c) => {
      const request = await resolveRequest(ctx, c.req.param('bridgeId') ?? '', c.req.query());
      // Set by the wsAdmission middleware (absent only in tests that mount this module bare).
      const ticket: WsTicket | undefined = c.get('wsTicket');
      let stream: { close(): Promise<void> } | null = null;
      let closed = false;
      const finish = (): void => {
        if (closed) return;
        closed = true;
        ticket?.release();
        void stream?.close();
      };
      return {
        onOpen: (_event, ws) => {
          ticket?.attach(ws);
          if (!closed) stream = startStream(ctx, ws, request);
        },
        onClose: finish,
        onError: finish,
      };
    }),
  );
  return routes;
}
