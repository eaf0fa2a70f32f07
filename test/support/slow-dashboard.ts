// A stand-in dashboard on 127.0.0.1 port 0 for the cancellation tests: it records every
// request, holds `GET /api/bridges` for `delayMs` before answering with one running bridge of
// `app`, and answers `POST /api/bridges/:id/stop` with that bridge stopped.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The one bridge the stand-in knows. */
export const SLOW_BRIDGE_ID = 'br-slowslowslow';

export interface SlowDashboard {
  url: string;
  /** `METHOD path` of every request received, in order. */
  requests: string[];
  /** Settles once the held `GET /api/bridges` has been answered or its client went away. */
  listSettled: Promise<'answered' | 'client-gone'>;
  close(): Promise<void>;
}

function bridge(status: string) {
  return {
    id: SLOW_BRIDGE_ID,
    project: 'app',
    status,
    url: null,
    pid: 4242,
    started_at: '2026-07-01T10:00:00.000Z',
    stopped_at: null,
    reason: null,
    permission_mode: 'default',
    spawn_mode: 'same-dir',
    name: null,
    capacity: 4,
  };
}

/** Starts the stand-in; close() it in an `after` hook. */
export async function startSlowDashboard(delayMs: number): Promise<SlowDashboard> {
  const requests: string[] = [];
  let settle: (how: 'answered' | 'client-gone') => void = () => {};
  const listSettled = new Promise<'answered' | 'client-gone'>((resolve) => {
    settle = resolve;
  });
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const send = (body: unknown): void => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/api/bridges') {
      const timer = setTimeout(() => {
        settle('answered');
        send({ bridges: [bridge('running')] });
      }, delayMs);
      res.once('close', () => {
        if (res.writableFinished) return;
        clearTimeout(timer);
        settle('client-gone');
      });
      return;
    }
    if (req.method === 'POST' && req.url === `/api/bridges/${SLOW_BRIDGE_ID}/stop`) {
      send({ bridge: bridge('stopped') });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    listSettled,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
