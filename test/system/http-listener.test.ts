// closeServer() on a real listener (127.0.0.1:0): idle keep-alive connections close at once;
// a download the client stopped reading is cut after the grace instead of holding the close.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describe, it } from 'node:test';
import { closeServer, createListenerServer, listen } from '../../src/system/http-listener.js';

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
});
