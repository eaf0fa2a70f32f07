/**
 * Redacted log and event streaming over a real socket (127.0.0.1, port 0) with a real `ws`
 * client and the real app (password auth, origin gate, socket admission): tail, live lines,
 * rotation, truncation, the slow-client cap, refusals before 101, logout closing the socket.
 */
import assert from 'node:assert/strict';
import { appendFile, mkdir, rename, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import type { AppContext } from '../../src/http/context.js';
import { passwordAuthConfig } from '../support/auth-app.js';
import { waitFor } from '../support/fake-claude.js';
import { loginOverSocket, type SocketApp, serveSocketApp } from '../support/socket-app.js';
import { useSuiteTempDir } from '../support/temp.js';

const ID = 'session_01FakeAbCdEfGhJkLmNp';
const WAIT_MS = 15_000;

interface Client {
  ws: WebSocket;
  messages: Array<Record<string, unknown>>;
  lines(): string[];
  closed: Promise<number>;
}

function openClient(
  url: string,
  headers: Record<string, string>,
): Promise<Client | { status: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const messages: Array<Record<string, unknown>> = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
    const closed = new Promise<number>((done) => ws.once('close', (code) => done(code)));
    ws.once('open', () =>
      resolve({
        ws,
        messages,
        closed,
        lines: () =>
          messages.flatMap((m) =>
            m.type === 'lines' ? (m.lines as string[]) : [`<${String(m.type)}>`],
          ),
      }),
    );
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

async function openOk(url: string, headers: Record<string, string>): Promise<Client> {
  const client = await openClient(url, headers);
  if (!('ws' in client)) throw new Error(`refused with ${client.status}`);
  return client;
}

describe('log and event WebSockets over a real socket', () => {
  let served: SocketApp;
  let ctx: AppContext;
  let origin: string;
  let cookie: string;
  let wsBase: string;
  const bridge = 'br-abcdefghijkl';
  let debugLog: string;
  after(() => served.close()); // before the temp dir goes
  const dir = useSuiteTempDir();

  before(async () => {
    served = await serveSocketApp({ stateDir: dir.path, auth: await passwordAuthConfig() });
    ({ ctx, origin, wsBase } = served);
    cookie = await loginOverSocket(origin);
    await mkdir(join(dir.path, 'logs', bridge), { recursive: true });
    debugLog = join(dir.path, 'logs', bridge, 'debug.log');
  });

  const numbered = (from: number, to: number): string =>
    Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i} \x1b[1m${ID}\x1b[0m\n`).join(
      '',
    );

  it('/ws/logs sends the last N redacted lines, then live lines as they are written', async () => {
    await writeFile(debugLog, numbered(1, 300));
    const client = await openOk(`${wsBase}/ws/logs/${bridge}?tail=3`, { origin, cookie });
    await waitFor(() => client.lines().length >= 3, WAIT_MS);
    assert.deepEqual(client.lines(), [
      'line 298 session_<redacted>',
      'line 299 session_<redacted>',
      'line 300 session_<redacted>',
    ]);
    await appendFile(
      debugLog,
      `live sess\x1b[0mion_01FakeLiveAbCdEf and https://u:FAKEpw123@h.invalid/x\n`,
    );
    await waitFor(() => client.lines().length >= 4, WAIT_MS);
    assert.equal(client.lines()[3], 'live session_<redacted> and https://u:<redacted>@h.invalid/x');
    client.ws.close();
    assert.equal(await client.closed, 1005);
  });

  it('/ws/logs defaults to 200 lines and streams stdout on ?file=stdout', async () => {
    await writeFile(debugLog, numbered(1, 300));
    const client = await openOk(`${wsBase}/ws/logs/${bridge}`, { origin, cookie });
    await waitFor(() => client.lines().length >= 200, WAIT_MS);
    assert.equal(client.lines()[0], 'line 101 session_<redacted>');
    client.ws.terminate();
    await writeFile(join(dir.path, 'logs', bridge, 'stdout.log'), '\x1b[4A\x1b[J·✔︎· Connected\n');
    const stdout = await openOk(`${wsBase}/ws/logs/${bridge}?file=stdout`, { origin, cookie });
    await waitFor(() => stdout.lines().length >= 1, WAIT_MS);
    assert.deepEqual(stdout.lines(), ['·✔· Connected']);
    stdout.ws.terminate();
  });

  it('/ws/logs sends a reset on truncation and on rotation, then the new lines', async () => {
    await writeFile(debugLog, numbered(1, 2));
    const client = await openOk(`${wsBase}/ws/logs/${bridge}?tail=1`, { origin, cookie });
    await waitFor(() => client.lines().length >= 1, WAIT_MS);
    await truncate(debugLog, 0);
    await waitFor(() => client.lines().includes('<reset>'), WAIT_MS);
    await appendFile(debugLog, 'after truncation\n');
    await waitFor(() => client.lines().includes('after truncation'), WAIT_MS);
    await rename(debugLog, `${debugLog}.1`);
    await writeFile(debugLog, 'after rotation\n');
    await waitFor(() => client.lines().includes('after rotation'), WAIT_MS);
    const lines = client.lines();
    assert.deepEqual(lines.slice(0, 3), [
      'line 2 session_<redacted>',
      '<reset>',
      'after truncation',
    ]);
    assert.equal(lines.filter((l) => l === '<reset>').length, 2);
    assert.equal(lines.at(-1), 'after rotation');
    client.ws.terminate();
  });

  it('/ws/logs refuses a bad tail, file or bridge before 101, and unauthenticated or foreign handshakes', async () => {
    const cases: Array<[string, Record<string, string>, number]> = [
      [`/ws/logs/${bridge}?tail=abc`, { origin, cookie }, 400],
      [`/ws/logs/${bridge}?tail=5001`, { origin, cookie }, 400],
      [`/ws/logs/${bridge}?tail=-1`, { origin, cookie }, 400],
      [`/ws/logs/${bridge}?file=../../etc/passwd`, { origin, cookie }, 400],
      ['/ws/logs/br-zzzzzzzzzzzz', { origin, cookie }, 404],
      ['/ws/logs/..%2F..%2Fetc', { origin, cookie }, 404],
      [`/ws/logs/${bridge}`, { origin }, 401],
      [`/ws/logs/${bridge}`, { origin: 'http://evil.invalid', cookie }, 403],
      [`/ws/logs/${bridge}`, { cookie }, 403],
      ['/ws/events', { origin: 'http://evil.invalid', cookie }, 403],
    ];
    for (const [path, headers, status] of cases) {
      const result = await openClient(`${wsBase}${path}`, headers);
      assert.deepEqual('status' in result ? result.status : 'opened', status, path);
    }
  });

  it('/ws/logs caps what a slow client costs and reports the skipped lines once it drains', async () => {
    await writeFile(debugLog, '');
    const client = await openOk(`${wsBase}/ws/logs/${bridge}?tail=0`, { origin, cookie });
    // The tailer opens the file after the 101: a line seen live proves it follows from here
    // (with tail=0, lines written before it opened are history and never sent), so one is
    // written every 50 ms until one arrives.
    let before = 0;
    await waitFor(
      async () => {
        if (client.lines().some((l) => l.startsWith('before the flood'))) return true;
        before += 1;
        await appendFile(debugLog, `before the flood ${before}\n`);
        return false;
      },
      WAIT_MS,
      50,
    );
    const socket = (client.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    let maxBuffered = 0;
    const probe = setInterval(() => {
      for (const peer of served.built.wss.clients)
        maxBuffered = Math.max(maxBuffered, peer.bufferedAmount);
    }, 5);
    const total = 120_000;
    const line = `${'x'.repeat(180)} ${ID}\n`;
    for (let i = 0; i < total; i += 10_000) await appendFile(debugLog, line.repeat(10_000));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    clearInterval(probe);
    socket.resume();
    await waitFor(() => client.messages.some((m) => m.type === 'skipped'), WAIT_MS);
    await appendFile(debugLog, 'after the flood\n');
    await waitFor(() => client.lines().includes('after the flood'), WAIT_MS);
    const skipped = client.messages.filter((m) => m.type === 'skipped');
    const received = client.messages
      .filter((m) => m.type === 'lines')
      .flatMap((m) => m.lines as string[]);
    assert.equal(skipped.length >= 1, true);
    const skippedCount = skipped.reduce((sum, m) => sum + Number(m.count), 0);
    const flood = received.filter((l) => l.startsWith('xxxx'));
    assert.equal(flood.length + skippedCount, total, 'every line is either sent or counted');
    assert.ok(maxBuffered <= 1024 * 1024 + 256 * 1024, `server buffered ${maxBuffered} bytes`);
    assert.ok(received.every((l) => !l.includes('01FakeAbCdEf')));
    client.ws.terminate();
  });

  it('/ws/events sends a snapshot, then bus events', async () => {
    const client = await openOk(`${wsBase}/ws/events`, { origin, cookie });
    await waitFor(() => client.messages.length >= 1, WAIT_MS);
    assert.deepEqual(client.messages[0], {
      type: 'snapshot',
      bridges: [],
      clone_jobs: [],
      claude_login: null,
      autostart_retries: [],
    });
    ctx.bus.publish({ type: 'warning', code: 'test-warning', message: 'hello' });
    await waitFor(() => client.messages.length >= 2, WAIT_MS);
    assert.deepEqual(client.messages[1], {
      type: 'warning',
      code: 'test-warning',
      message: 'hello',
    });
    client.ws.terminate();
  });

  it('logout closes an open log socket (4401) and its tailer stops', async () => {
    await writeFile(debugLog, 'one\n');
    const client = await openOk(`${wsBase}/ws/logs/${bridge}?tail=1`, { origin, cookie });
    await waitFor(() => client.lines().length >= 1, WAIT_MS);
    const out = await fetch(`${origin}/logout`, { method: 'POST', headers: { origin, cookie } });
    assert.equal(out.status, 200);
    assert.equal(await client.closed, 4401);
    await waitFor(() => ctx.authServices?.wsRegistry.count() === 0, WAIT_MS);
    const before = client.messages.length;
    await appendFile(debugLog, 'after logout\n');
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.equal(client.messages.length, before);
  });
});
