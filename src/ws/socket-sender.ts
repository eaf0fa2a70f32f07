/**
 * Bounded sending on one WebSocket (security.md R-WS-2, issue 6 backpressure). Invariants:
 * the server never queues more than `capBytes` (+ one message) for a slow client — past the
 * cap, lines are dropped and counted, and one `{type:'skipped', count}` goes out once the
 * buffer drained; a peer that stops answering pings is terminated; stop() clears every timer.
 */

/** What is used of the `ws` socket behind hono's WSContext. */
interface RawSocket {
  readonly bufferedAmount: number;
  ping?(): void;
  terminate?(): void;
  on?(event: 'pong', listener: () => void): unknown;
  off?(event: 'pong', listener: () => void): unknown;
}

/** The part of hono's WSContext this module needs. */
export interface SendableSocket {
  send(data: string): void;
  readonly readyState: number;
  readonly raw?: unknown;
}

export interface SocketSender {
  /** Sends lines in batches of ≤ 64 KiB; lines that do not fit under the cap are counted. */
  sendLines(lines: readonly string[]): void;
  /** Sends one small JSON message unless the cap is exceeded; returns whether it was sent. */
  sendJson(message: unknown): boolean;
  /** sendJson() of a message already serialised (one text fanned out to many sockets). */
  sendText(json: string): boolean;
  /** Lines dropped since the last skipped marker. */
  skipped(): number;
  stop(): void;
}

export interface SocketSenderOptions {
  capBytes?: number;
  /** How often a drained buffer is looked for while lines are being skipped. */
  drainCheckMs?: number;
  pingIntervalMs?: number;
  /** Called once the buffer drained after drops (events resend a snapshot here). */
  onDrained?: () => void;
}

export const SOCKET_CAP_BYTES = 1024 * 1024;
const MESSAGE_BYTES = 64 * 1024;
const OPEN = 1;

function readRaw(socket: SendableSocket): RawSocket | null {
  const raw = socket.raw as Partial<RawSocket> | undefined;
  return raw && typeof raw.bufferedAmount === 'number' ? (raw as RawSocket) : null;
}

/** Wraps an open socket with the cap, the skipped marker and a ping/pong heartbeat. */
export function createSocketSender(
  socket: SendableSocket,
  options: SocketSenderOptions = {},
): SocketSender {
  const cap = options.capBytes ?? SOCKET_CAP_BYTES;
  const raw = readRaw(socket);
  let dropped = 0;
  let drainTimer: NodeJS.Timeout | null = null;
  let alive = true;
  let stopped = false;
  const onPong = (): void => {
    alive = true;
  };
  raw?.on?.('pong', onPong);
  // Ping every 30 s; a peer that did not answer the previous ping by then is dead (≤ 60 s).
  const heartbeat = setInterval(() => {
    if (!alive) {
      raw?.terminate?.();
      return;
    }
    alive = false;
    try {
      raw?.ping?.();
    } catch {
      // closing
    }
  }, options.pingIntervalMs ?? 30_000);
  heartbeat.unref();

  const buffered = (): number => raw?.bufferedAmount ?? 0;
  const isOpen = (): boolean => !stopped && socket.readyState === OPEN;

  function watchDrain(): void {
    if (drainTimer !== null || stopped) return;
    drainTimer = setInterval(() => {
      if (!isOpen()) return;
      if (buffered() > cap / 2) return;
      if (drainTimer) clearInterval(drainTimer);
      drainTimer = null;
      if (dropped > 0) {
        socket.send(JSON.stringify({ type: 'skipped', count: dropped }));
        dropped = 0;
      }
      options.onDrained?.();
    }, options.drainCheckMs ?? 50);
    drainTimer.unref();
  }

  function drop(count: number): void {
    dropped += count;
    watchDrain();
  }

  function flush(batch: string[]): void {
    if (batch.length === 0) return;
    if (dropped > 0 || buffered() >= cap) {
      drop(batch.length);
      return;
    }
    socket.send(JSON.stringify({ type: 'lines', lines: batch }));
  }

  function sendText(json: string): boolean {
    if (!isOpen()) return false;
    if (buffered() >= cap) {
      watchDrain();
      return false;
    }
    socket.send(json);
    return true;
  }

  return {
    sendLines(lines) {
      if (!isOpen()) return;
      let batch: string[] = [];
      let size = 0;
      for (const line of lines) {
        if (size + line.length > MESSAGE_BYTES && batch.length > 0) {
          flush(batch);
          batch = [];
          size = 0;
        }
        batch.push(line);
        size += line.length + 4;
      }
      flush(batch);
    },
    sendJson: (message) => sendText(JSON.stringify(message)),
    sendText,
    skipped: () => dropped,
    stop() {
      stopped = true;
      clearInterval(heartbeat);
      if (drainTimer) clearInterval(drainTimer);
      drainTimer = null;
      raw?.off?.('pong', onPong);
    },
  };
}
