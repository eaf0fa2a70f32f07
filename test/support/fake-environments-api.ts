/**
 * A fake environments API on 127.0.0.1 port 0 (node:http), for reaper tests. It pages with
 * `next_page` cursors, records every request, and can be told to misbehave per route.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeEnvironment {
  id: string;
  name?: string;
  type?: string;
  config?: { type?: string; directory?: string };
  updated_at?: string;
  archived_at?: string | null;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

/** How a route misbehaves: a status (with an optional body), malformed JSON, or a hang-up. */
export type Misbehaviour = { status: number; body?: string } | 'malformed' | 'destroy';

export interface FakeEnvironmentsApi {
  url: string;
  environments: FakeEnvironment[];
  requests: RecordedRequest[];
  /** Page size used regardless of `limit` (to force pagination in tests). */
  pageSize: number;
  /** When set, every page answers with this cursor (a loop). */
  loopCursor: string | null;
  list: Misbehaviour | null;
  archive: Misbehaviour | null;
  remove: Misbehaviour | null;
  /** Called before a mutating request is answered (to change state mid-run). */
  beforeAction: ((id: string) => void) | null;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function misbehave(res: ServerResponse, how: Misbehaviour): void {
  if (how === 'destroy') {
    res.socket?.destroy();
    return;
  }
  if (how === 'malformed') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"data": [');
    return;
  }
  res.writeHead(how.status, { 'content-type': 'application/json', 'retry-after': '7' });
  res.end(how.body ?? '{"error":{"type":"fake","message":"nope"}}');
}

function handleList(api: FakeEnvironmentsApi, url: URL, res: ServerResponse): void {
  if (api.list) {
    misbehave(res, api.list);
    return;
  }
  const after = url.searchParams.get('after_id');
  const start = after === null ? 0 : api.environments.findIndex((env) => env.id === after) + 1;
  const data = api.environments.slice(start, start + api.pageSize);
  const more = start + api.pageSize < api.environments.length;
  const nextPage = api.loopCursor ?? (more ? (data.at(-1)?.id ?? null) : null);
  sendJson(res, 200, { data, next_page: nextPage });
}

function handleAction(
  api: FakeEnvironmentsApi,
  req: IncomingMessage,
  url: URL,
  res: ServerResponse,
) {
  const match = /^\/v1\/environments\/([^/]+)(\/archive)?$/.exec(url.pathname);
  const id = decodeURIComponent(match?.[1] ?? '');
  const isArchive = req.method === 'POST' && match?.[2] === '/archive';
  const isDelete = req.method === 'DELETE' && match?.[2] === undefined;
  if (!match || (!isArchive && !isDelete)) return sendJson(res, 405, { error: 'no route' });
  api.beforeAction?.(id);
  const how = isArchive ? api.archive : api.remove;
  if (how) return misbehave(res, how);
  const index = api.environments.findIndex((env) => env.id === id);
  if (index < 0) return sendJson(res, 404, { error: { type: 'not_found_error' } });
  const env = api.environments[index];
  if (isArchive && env) {
    env.archived_at = '2026-01-02T00:00:00Z';
    return sendJson(res, 200, env);
  }
  api.environments.splice(index, 1);
  res.writeHead(204).end();
}

/** Starts the fake on 127.0.0.1 port 0 with the given environments. */
export async function startFakeEnvironmentsApi(
  environments: FakeEnvironment[],
): Promise<FakeEnvironmentsApi> {
  const server = createServer((req, res) => {
    api.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/v1/environments') handleList(api, url, res);
    else handleAction(api, req, url, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const api: FakeEnvironmentsApi = {
    url: `http://127.0.0.1:${port}`,
    environments,
    requests: [],
    pageSize: 100,
    loopCursor: null,
    list: null,
    archive: null,
    remove: null,
    beforeAction: null,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return api;
}
