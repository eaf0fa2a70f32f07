/**
 * Log traffic for the streaming benches: N log sets on disk under state_dir/logs/<br-id>/ (the
 * files a bridge writes; /ws/logs serves an id whose log set exists), a writer appending
 * realistic lines at a fixed total rate through open handles like a bridge does, each line
 * carrying `seq=<n> t=<performance.now()>` at its write, and `ws` clients on /ws/logs/{id}.
 */

import type { FileHandle } from 'node:fs/promises';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import WebSocket from 'ws';
import { buildBridgeLogCorpus } from './log-corpus.js';
import { sleep } from './support.js';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const MARK_RE = /seq=(\d+) t=(\d+\.\d+) /;
/** Sockets per identity are capped at 16 (R-WS-2); with auth off the identity is the peer address. */
const SOCKETS_PER_ADDRESS = 16;

/** Creates `count` log sets (debug, stdout, stderr; 0700/0600) and returns their bridge ids. */
export async function createLogSets(stateDir: string, count: number): Promise<string[]> {
  const ids = Array.from(
    { length: count },
    (_, i) => `br-bench${BASE32[Math.floor(i / 32) % 32]}${BASE32[i % 32]}aaaaa`,
  );
  for (const id of ids) {
    const dir = join(stateDir, 'logs', id);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    for (const file of ['debug.log', 'stdout.log', 'stderr.log'])
      await writeFile(join(dir, file), '', { mode: 0o600 });
  }
  return ids;
}

export interface LogClient {
  socket: WebSocket;
  id: string;
}

export interface ReceivedLine {
  seq: number;
  /** performance.now() at the write. */
  sentAt: number;
  receivedAt: number;
}

export interface LogClientEvents {
  onLine(line: ReceivedLine | null): void;
  onSkipped(count: number): void;
}

/** Opens `count` clients round-robin over `ids` (tail 0), spreading them over loopback addresses. */
export async function connectLogClients(
  target: { url: string; origin: string },
  ids: readonly string[],
  count: number,
  events: LogClientEvents,
): Promise<LogClient[]> {
  const base = target.url.replace(/^http/, 'ws');
  const clients: LogClient[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = ids[i % ids.length] as string;
    const socket = new WebSocket(`${base}/ws/logs/${id}?tail=0`, {
      headers: { origin: target.origin },
      localAddress: `127.0.0.${2 + Math.floor(i / SOCKETS_PER_ADDRESS)}`,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) =>
        reject(new Error(`/ws/logs/${id}: HTTP ${res.statusCode}`)),
      );
    });
    socket.on('message', (data) => {
      const receivedAt = performance.now();
      const message = JSON.parse(String(data)) as {
        type: string;
        lines?: string[];
        count?: number;
      };
      if (message.type === 'skipped') events.onSkipped(message.count ?? 0);
      for (const line of message.lines ?? []) {
        const mark = MARK_RE.exec(line);
        events.onLine(mark ? { seq: Number(mark[1]), sentAt: Number(mark[2]), receivedAt } : null);
      }
    });
    clients.push({ socket, id });
  }
  return clients;
}

export interface LogWriter {
  /** Lines written so far. */
  written(): number;
  stop(): Promise<void>;
}

/** Appends `linesPerSecond` lines in total, round-robin over the debug logs, every `tickMs`. */
export async function startLogWriter(
  stateDir: string,
  ids: readonly string[],
  options: { linesPerSecond: number; tickMs?: number },
): Promise<LogWriter> {
  const corpus = buildBridgeLogCorpus(1024 * 1024, 7);
  const handles: FileHandle[] = [];
  for (const id of ids) handles.push(await open(join(stateDir, 'logs', id, 'debug.log'), 'a'));
  const tickMs = options.tickMs ?? 10;
  const perTick = Math.max(1, Math.round((options.linesPerSecond * tickMs) / 1000));
  let seq = 0;
  let running = true;
  const loop = (async () => {
    let next = performance.now();
    while (running) {
      const batches = new Map<number, string>();
      for (let n = 0; n < perTick; n += 1) {
        const file = seq % handles.length;
        const text = corpus[seq % corpus.length] ?? '';
        batches.set(
          file,
          `${batches.get(file) ?? ''}seq=${seq} t=${performance.now().toFixed(3)} ${text}\n`,
        );
        seq += 1;
      }
      await Promise.all([...batches].map(([file, text]) => handles[file]?.write(text)));
      next += tickMs;
      await sleep(Math.max(0, next - performance.now()));
    }
  })();
  return {
    written: () => seq,
    async stop() {
      running = false;
      await loop;
      await Promise.all(handles.map((handle) => handle.close()));
    },
  };
}

/** Closes every client (terminate: no close handshake to wait for). */
export function closeLogClients(clients: readonly LogClient[]): void {
  for (const client of clients) client.socket.terminate();
}

export interface LogTraffic {
  clients: LogClient[];
  writer: LogWriter;
}

/** The streaming benches' load: `logs` log sets, `clients` following them round-robin, and a
 * writer appending `linesPerSecond` lines in total. Close the clients when done. */
export async function startLogTraffic(
  target: { stateDir: string; url: string; origin: string },
  options: { logs: number; clients: number; linesPerSecond: number },
  events: LogClientEvents,
): Promise<LogTraffic> {
  const ids = await createLogSets(target.stateDir, options.logs);
  const clients = await connectLogClients(target, ids, options.clients, events);
  try {
    const writer = await startLogWriter(target.stateDir, ids, {
      linesPerSecond: options.linesPerSecond,
    });
    return { clients, writer };
  } catch (error) {
    closeLogClients(clients);
    throw error;
  }
}
