// closeServer() on a real listener (127.0.0.1:0): idle keep-alive connections close at once;
// a download the client stopped reading, a socket upgraded while the close runs and a TLS
// client that never sends its hello are cut after the grace instead of holding the close.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { closeServer, createListenerServer, listen } from '../../src/system/http-listener.js';
import { useTempDir } from '../support/temp.js';
import { makeTestCert } from '../support/tls-cert.js';

const dir = useTempDir();

/** A listener whose /endless answer streams 1 MiB chunks for as long as the client reads. */
async function startListener() {
  const server = createListenerServer((request) => {
    if (!request.url.endsWith('/endless')) return new Response('ok');
    const chunk = new Uint8Array(1024 * 1024);
    return new Response(new ReadableStream({ pull: (controller) => controller.enqueue(chunk) }));
  }, null);
  const address = await listen(server, 0, '127.0.0.1');
  return { server, port: address.port };
}

/** Settles with how long `closing` took, or 'hung' after `limitMs`. */
async function timeClose(closing: Promise<void>, limitMs: number): Promise<number | 'hung'> {
  const started = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => resolve('hung'), limitMs);
  });
  const outcome = await Promise.race([closing.then(() => Date.now() - started), hung]);
  clearTimeout(timer);
  return outcome;
}

/** A raw client on `port` whose 'close' is recorded (it reads, so the server's FIN arrives). */
async function connectRaw(port: number): Promise<{ socket: Socket; closed: () => boolean }> {
  const socket = connect(port, '127.0.0.1');
  let closed = false;
  socket.on('error', () => {});
  socket.on('close', () => (closed = true));
  socket.resume();
  await new Promise((resolve) => socket.once('connect', resolve));
  return { socket, closed: () => closed };
}

describe('closeServer()', () => {
  it('closeServer() cuts a download the client stopped reading after graceMs', async () => {
    const { server, port } = await startListener();
    const stalled = connect(port, '127.0.0.1');
    stalled.on('error', () => {});
    stalled.pause();
    await new Promise((resolve) => stalled.once('connect', resolve));
    stalled.write('GET /endless HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    try {
      const took = await timeClose(closeServer(server, { graceMs: 200 }), 5_000);
      assert.notEqual(took, 'hung', 'the stalled download held the close');
      assert.ok(Number(took) >= 150, `not before the grace (${took} ms)`);
      assert.equal(server.listening, false);
    } finally {
      stalled.destroy();
      server.closeAllConnections();
    }
  });

  it('closeServer() ends at once when only idle keep-alive connections are left', async () => {
    const { server, port } = await startListener();
    const response = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal(await response.text(), 'ok');
    const took = await timeClose(closeServer(server, { graceMs: 30_000 }), 5_000);
    assert.notEqual(took, 'hung');
    assert.ok(Number(took) < 1_000, `${took} ms`);
    // A server that is not listening (closed already) resolves too.
    assert.notEqual(await timeClose(closeServer(server), 1_000), 'hung');
  });

  it('closeServer() cuts a socket upgraded after the close began, within the grace', async () => {
    const { server, port } = await startListener();
    let closing: Promise<void> | undefined;
    // The handshake was read before close(); its 101 goes out only after close() began (the
    // auth of a WebSocket handshake finishing late), so no close step saw the socket.
    server.on('upgrade', (_request, socket: Socket) => {
      closing = closeServer(server, { graceMs: 200 });
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\n\r\n',
      );
    });
    const client = await connectRaw(port);
    try {
      client.socket.write(
        'GET /ws HTTP/1.1\r\nhost: 127.0.0.1\r\nupgrade: websocket\r\nconnection: upgrade\r\n\r\n',
      );
      for (let i = 0; closing === undefined && i < 100; i += 1)
        await new Promise((resolve) => setTimeout(resolve, 10));
      assert.ok(closing, 'the upgrade was seen');
      const took = await timeClose(closing, 5_000);
      assert.notEqual(took, 'hung', 'the upgraded socket held the close');
      assert.ok(Number(took) < 1_000, `${took} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(client.closed(), true, 'the upgraded socket was destroyed');
    } finally {
      client.socket.destroy();
    }
  });

  it('closeServer() ends within the grace when a TLS client never sends a byte', async () => {
    const cert = await makeTestCert(dir.path);
    const tls = { cert: await readFile(cert.certFile), key: await readFile(cert.keyFile) };
    const server = createListenerServer(() => new Response('ok'), tls);
    const { port } = await listen(server, 0, '127.0.0.1');
    const silent = await connectRaw(port);
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Not the 20 s handshake timeout: the grace cuts the silent connection.
      const took = await timeClose(closeServer(server, { graceMs: 200 }), 5_000);
      assert.notEqual(took, 'hung', 'the silent TLS client held the close');
      assert.ok(Number(took) >= 150 && Number(took) < 1_000, `${took} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(silent.closed(), true);
    } finally {
      silent.socket.destroy();
    }
  });
});
