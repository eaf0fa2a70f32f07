import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach } from 'node:test';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  origin: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * One receiver for the enclosing describe(): started before its tests, closed after them, with
 * `requests` emptied before each test. Read its fields inside a test (unset until then).
 */
export function useWebhookReceiver(): Omit<WebhookReceiver, 'close'> {
  let current: WebhookReceiver | undefined;
  before(async () => {
    current = await startWebhookReceiver();
  });
  beforeEach(() => {
    if (current) current.requests.length = 0;
  });
  after(async () => {
    await current?.close();
  });
  const started = (): WebhookReceiver => {
    if (current === undefined) throw new Error('useWebhookReceiver(): read it inside a test');
    return current;
  };
  return {
    get origin() {
      return started().origin;
    },
    get requests() {
      return started().requests;
    },
  };
}

/**
 * A webhook receiver on 127.0.0.1:0. Paths: `/ok…` → 204, `/fail` → 500, `/redirect` → 302
 * to `/redirected`, `/slow` → no answer until the receiver closes. Every request is recorded.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const pending = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '';
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', path, headers: req.headers, body });
      if (path.startsWith('/slow')) {
        pending.add(res);
        return;
      }
      if (path.startsWith('/fail')) res.writeHead(500).end('boom');
      else if (path.startsWith('/redirect')) res.writeHead(302, { location: '/redirected' }).end();
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      for (const res of pending) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
