// The per-peer connection cap on a real listener (127.0.0.1:0). Loopback is exempt in the
// dashboard, so the capped cases inject a counter that treats 127.0.0.1 as a LAN client; a
// second client uses another loopback source address (127.0.0.2), which the kernel accepts
// on a listener bound to 127.0.0.1.
import assert from 'node:assert/strict';
import { request, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { createPeerConnectionCap } from '../../src/security/connection-cap.js';
import {
  closeServer,
  createConnectionLimits,
  createListenerServer,
  listen,
} from '../../src/system/http-listener.js';
import { createTestClock } from '../support/auth-app.js';

interface Client {
  socket: Socket;
  closed: Promise<void>;
  isClosed(): boolean;
}

async function connectFrom(port: number, localAddress: string): Promise<Client> {
  const socket = connect({ port, host: '127.0.0.1', localAddress });
  let isClosed = false;
  socket.on('error', () => {});
  socket.resume();
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      isClosed = true;
      resolve();
    }),
  );
  await new Promise((resolve) => socket.once('connect', resolve));
  return { socket, closed, isClosed: () => isClosed };
}

/** GET / from `localAddress`: the status and body, or the error code (ECONNRESET…). */
function getFrom(port: number, localAddress: string): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, localAddress, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve(`${res.statusCode} ${body}`));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
}

/** Waits (bounded by a count of turns, not a clock) until `condition()` holds. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i += 1) await new Promise((r) => setTimeout(r, 10));
  assert.ok(condition(), `never: ${what}`);
}

async function stop(server: Server, clients: Client[]): Promise<void> {
  for (const client of clients) client.socket.destroy();
  await closeServer(server, { graceMs: 100 });
}

describe('createListenerServer() with connection limits', () => {
  it('createListenerServer() closes the connection past a peer cap; other peers are served', async () => {
    const warnings: { message: string; fields: Record<string, unknown> | undefined }[] = [];
    const perPeer = createPeerConnectionCap(
      { isExempt: () => false, maxPerPeer: 2 },
      { clock: createTestClock(0) },
    );
    const logger = {
      warn: (message: string, fields?: Record<string, unknown>) =>
        warnings.push({ message, fields }),
    };
    const server = createListenerServer(() => new Response('ok'), null, { perPeer, logger });
    const { port } = await listen(server, 0, '127.0.0.1');
    const clients: Client[] = [];
    try {
      clients.push(await connectFrom(port, '127.0.0.1'), await connectFrom(port, '127.0.0.1'));
      await until(() => perPeer.openFor('127.0.0.1') === 2, 'two connections counted');
      const extra = await connectFrom(port, '127.0.0.1');
      clients.push(extra);
      await extra.closed;
      assert.match(await getFrom(port, '127.0.0.1'), /^(ECONNRESET|EPIPE)$/, 'a fourth is refused');
      assert.equal(clients[0]?.isClosed(), false);
      assert.equal(clients[1]?.isClosed(), false);
      // Another address is served while 127.0.0.1 holds its cap.
      assert.equal(await getFrom(port, '127.0.0.2'), '200 ok');
      // Two refusals, one warning, naming the peer and the cap.
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]?.message ?? '', /too many open connections from one address/);
      assert.equal(warnings[0]?.fields?.peer, '127.0.0.1');
      assert.equal(warnings[0]?.fields?.limit, 2);
      // A closed connection frees its place.
      clients[0]?.socket.destroy();
      await until(() => perPeer.openFor('127.0.0.1') === 1, 'the closed connection released');
      assert.equal(await getFrom(port, '127.0.0.1'), '200 ok');
    } finally {
      await stop(server, clients);
    }
  });

  it('createConnectionLimits() leaves loopback peers uncapped (a local proxy carries everyone)', async () => {
    const warnings: string[] = [];
    const limits = createConnectionLimits(
      { cidrs: [] },
      { clock: createTestClock(0), logger: { warn: (message: string) => warnings.push(message) } },
    );
    const server = createListenerServer(() => new Response('ok'), null, limits);
    const { port } = await listen(server, 0, '127.0.0.1');
    const clients: Client[] = [];
    try {
      // One more than the default per-peer cap of 32.
      for (let i = 0; i < 33; i += 1) clients.push(await connectFrom(port, '127.0.0.1'));
      assert.equal(await getFrom(port, '127.0.0.1'), '200 ok');
      assert.equal(clients.filter((client) => client.isClosed()).length, 0);
      assert.deepEqual(warnings, []);
    } finally {
      await stop(server, clients);
    }
  });

  it('createListenerServer() logs a drop at its global cap once per interval', async () => {
    const warnings: { message: string; fields: Record<string, unknown> | undefined }[] = [];
    const perPeer = createPeerConnectionCap(
      { isExempt: () => true },
      { clock: createTestClock(0) },
    );
    const warn = (message: string, fields?: Record<string, unknown>) =>
      warnings.push({ message, fields });
    const server = createListenerServer(() => new Response('ok'), null, {
      perPeer,
      logger: { warn },
    });
    server.maxConnections = 1;
    const { port } = await listen(server, 0, '127.0.0.1');
    const clients: Client[] = [];
    try {
      clients.push(await connectFrom(port, '127.0.0.1'));
      for (let i = 0; i < 2; i += 1) {
        const dropped = await connectFrom(port, '127.0.0.2');
        clients.push(dropped);
        await dropped.closed;
      }
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]?.message ?? '', /maximum of open connections/);
      assert.equal(warnings[0]?.fields?.peer, '127.0.0.2');
      assert.equal(warnings[0]?.fields?.max, 1);
    } finally {
      await stop(server, clients);
    }
  });

  it('createListenerServer() checks its connections every 5 s (idle sockets go by headersTimeout + 5 s)', () => {
    const server = createListenerServer(() => new Response('ok'), null) as Server & {
      connectionsCheckingInterval?: number;
    };
    assert.equal(server.headersTimeout, 20_000);
    assert.equal(server.connectionsCheckingInterval, 5_000);
  });
});
