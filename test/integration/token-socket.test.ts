/**
 * A revoked API token loses its open WebSockets (security.md, API tokens): over a real socket
 * (127.0.0.1, port 0) with a real `ws` client and the real /ws/events and /ws/logs routes, a
 * `clauster api-token revoke` (the same store change, made beside the server) closes the
 * token's sockets with 4401 at the next re-check, while another token's socket stays open.
 * The re-check interval is shortened to 50 ms so nothing waits for the 2 s default.
 */
import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { issueToken, revokeToken } from '../../src/auth/api-tokens.js';
import { passwordAuthConfig } from '../support/auth-app.js';
import { waitFor } from '../support/fake-claude.js';
import { type SocketApp, serveSocketApp } from '../support/socket-app.js';
import { useSuiteTempDir } from '../support/temp.js';

const WAIT_MS = 15_000;
const BRIDGE = 'br-abcdefghijkl';

interface Client {
  ws: WebSocket;
  messages: Array<Record<string, unknown>>;
  closed: Promise<number>;
}

function openWithToken(url: string, token: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
    const messages: Array<Record<string, unknown>> = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
    const closed = new Promise<number>((done) => ws.once('close', (code) => done(code)));
    ws.once('open', () => resolve({ ws, messages, closed }));
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      ws.terminate();
      reject(new Error(`${url}: refused with ${res.statusCode}`));
    });
    ws.once('error', reject);
  });
}

/** The close code, or 'open' if the socket is still open after WAIT_MS (a failure, not a timing). */
function closeCode(client: Client): Promise<number | 'open'> {
  const wait = new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), WAIT_MS).unref());
  return Promise.race([client.closed, wait]);
}

describe('token WebSockets over a real socket', () => {
  let served: SocketApp;
  const deps = { fs: fsp, clock: { now: () => Date.now() } };
  after(() => served.close()); // before the temp dir goes
  const dir = useSuiteTempDir();

  before(async () => {
    const auth = await passwordAuthConfig();
    served = await serveSocketApp({ stateDir: dir.path, auth, wsTokenCheckMs: 50 });
    await fsp.mkdir(join(dir.path, 'logs', BRIDGE), { recursive: true });
    await fsp.writeFile(join(dir.path, 'logs', BRIDGE, 'debug.log'), 'one\n');
  });

  async function issue(label: string): Promise<{ token: string; id: string }> {
    const issued = await issueToken(dir.path, { label }, deps);
    assert.ok(issued.ok);
    return { token: issued.value.token, id: issued.value.record.id };
  }

  it('a revoked token has its /ws/events and /ws/logs sockets closed with 4401; another token keeps its own', async () => {
    const victim = await issue('victimtok');
    const keeper = await issue('keepertok');
    const { wsBase, ctx } = served;
    const events = await openWithToken(`${wsBase}/ws/events`, victim.token);
    const logs = await openWithToken(`${wsBase}/ws/logs/${BRIDGE}?tail=1`, victim.token);
    const kept = await openWithToken(`${wsBase}/ws/events`, keeper.token);
    await waitFor(() => events.messages.length >= 1 && logs.messages.length >= 1, WAIT_MS);
    await waitFor(() => kept.messages.length >= 1, WAIT_MS);

    assert.ok((await revokeToken(dir.path, 'victimtok', deps)).ok);
    assert.equal(await closeCode(events), 4401);
    assert.equal(await closeCode(logs), 4401);

    // The check that closed the victim's sockets looked at the keeper's too: still open, and
    // still receiving events.
    assert.equal(ctx.authServices?.wsRegistry.count(`token:${victim.id}`), 0);
    assert.equal(ctx.authServices?.wsRegistry.count(`token:${keeper.id}`), 1);
    const seen = kept.messages.length;
    ctx.bus.publish({ type: 'warning', code: 'test-warning', message: 'still here' });
    await waitFor(() => kept.messages.length > seen, WAIT_MS);
    assert.equal(kept.messages[seen]?.message, 'still here');
    assert.equal(kept.ws.readyState, WebSocket.OPEN);
    kept.ws.terminate();
  });

  it('token sockets are closed with 4401 when tokens.json is removed (fail closed)', async () => {
    const holder = await issue('holdertok');
    const events = await openWithToken(`${served.wsBase}/ws/events`, holder.token);
    await waitFor(() => events.messages.length >= 1, WAIT_MS);
    await fsp.rm(join(dir.path, 'tokens.json'));
    assert.equal(await closeCode(events), 4401);
  });
});
