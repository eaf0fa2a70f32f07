// closeOnSignal() with a stand-in server: `clauster run` answers within the deadline whatever
// the close does — 0 when it closed, 1 (and a line saying so) when a step threw or it hung.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closeOnSignal } from '../../src/cli/run-shutdown.js';
import { CLOSE_DEADLINE_MS } from '../../src/ops/dashboard-restart.js';
import { buildFakeSecrets } from '../support/fake-secrets.js';

function capture() {
  const chunks: string[] = [];
  return { io: { stderr: (chunk: string) => chunks.push(chunk) }, stderr: () => chunks.join('') };
}

describe('closeOnSignal()', () => {
  it('closeOnSignal() returns 0 once the server closed', async () => {
    const out = capture();
    const closed: string[] = [];
    const server = { close: async () => void closed.push('closed') };
    assert.equal(await closeOnSignal(server, 'SIGTERM', out.io, 1_000), 0);
    assert.deepEqual(closed, ['closed']);
    assert.equal(out.stderr(), 'clauster: SIGTERM received, stopping (bridges keep running)\n');
  });

  it('closeOnSignal() returns 1 naming the failure, redacted, when a close step throws', async () => {
    const out = capture();
    const secret = buildFakeSecrets()[1];
    assert.ok(secret);
    const server = {
      close: () => Promise.reject(new Error(`supervisor stuck on ${secret.text}`)),
    };
    assert.equal(await closeOnSignal(server, 'SIGINT', out.io, 1_000), 1);
    assert.match(
      out.stderr(),
      /clauster: stopping failed: supervisor stuck on .*; exiting anyway\n$/,
    );
    assert.ok(!out.stderr().includes(secret.hidden));
  });

  it('closeOnSignal() returns 1 at the deadline when the close hangs', async () => {
    const out = capture();
    const server = { close: () => new Promise<void>(() => {}) };
    const asked = Date.now();
    assert.equal(await closeOnSignal(server, 'SIGTERM', out.io, 100), 1);
    const took = Date.now() - asked;
    assert.ok(took >= 90 && took < 2_000, `${took} ms`);
    assert.match(out.stderr(), /stopping did not finish within 100 ms; exiting anyway\n$/);
  });

  it('closeOnSignal() waits CLOSE_DEADLINE_MS by default, the restart deadline', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const out = capture();
    let code: number | undefined;
    const closing = closeOnSignal({ close: () => new Promise<void>(() => {}) }, 'SIGTERM', out.io);
    void closing.then((value) => {
      code = value;
    });
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    await settle();
    t.mock.timers.tick(CLOSE_DEADLINE_MS - 1);
    await settle();
    assert.equal(code, undefined, 'not before the deadline');
    t.mock.timers.tick(1);
    assert.equal(await closing, 1);
    assert.match(out.stderr(), new RegExp(`within ${CLOSE_DEADLINE_MS} ms`));
  });
});
