// A write call that is abandoned sends nothing more: the client's cancellation, SIGTERM and
// stdin ending all abort it, against a stand-in dashboard that holds GET /api/bridges 2 s.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '../support/fake-claude.js';
import { spawnMcp } from '../support/mcp-stdio.js';
import { type McpWorld, useMcpWorlds } from '../support/mcp-world.js';
import {
  SLOW_BRIDGE_ID,
  type SlowDashboard,
  startSlowDashboard,
} from '../support/slow-dashboard.js';

const HOLD_MS = 2_000;
const STOP = `POST /api/bridges/${SLOW_BRIDGE_ID}/stop`;
const TOKEN = 'cancel-test-token-value';
const createWorld = useMcpWorlds();

describe('clauster mcp cancellation', () => {
  let world: McpWorld;
  let stub: SlowDashboard;

  before(async () => {
    world = await createWorld({ allowWrites: true });
  });

  after(async () => {
    await stub?.close();
  });

  async function freshStub(): Promise<SlowDashboard> {
    await stub?.close();
    stub = await startSlowDashboard(HOLD_MS);
    return stub;
  }

  const listing = () => stub.requests.includes('GET /api/bridges');

  it('a stop_bridge call the client cancels sends no stop', async () => {
    await freshStub();
    const client = await world.connect({ env: { CLAUSTER_TOKEN: TOKEN }, url: stub.url });
    const controller = new AbortController();
    const call = client.call('stop_bridge', { bridge: 'app' }, controller.signal);
    await waitFor(listing, 10_000);
    controller.abort();
    await assert.rejects(call);
    assert.equal(await stub.listSettled, 'client-gone');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(stub.requests, ['GET /api/bridges']);
  });

  // Starts `clauster mcp` against the stub, calls stop_bridge and waits for its GET.
  async function stopInFlight() {
    await freshStub();
    const env = { CLAUSTER_TOKEN: TOKEN };
    const mcp = spawnMcp(world, { args: ['--config', world.configPath, '--url', stub.url], env });
    mcp.initialize();
    mcp.send({
      id: 2,
      method: 'tools/call',
      params: { name: 'stop_bridge', arguments: { bridge: 'app' } },
    });
    await waitFor(listing, 60_000).catch(() => {
      throw new Error(`no GET /api/bridges; stderr=${mcp.output.stderr()}`);
    });
    return mcp;
  }

  it('runMcp() on SIGTERM aborts a running stop_bridge: no stop is sent, exit 0 within a second', async () => {
    const mcp = await stopInFlight();
    const signalled = Date.now();
    mcp.child.kill('SIGTERM');
    assert.equal(await mcp.exited, 0, mcp.output.stderr());
    const elapsed = Date.now() - signalled;
    assert.ok(elapsed < 1_000, `exited ${elapsed} ms after SIGTERM`);
    assert.equal(await stub.listSettled, 'client-gone');
    assert.equal(stub.requests.includes(STOP), false);
  });

  it('runMcp() when stdin ends aborts a running stop_bridge too: nobody reads its answer', async () => {
    const mcp = await stopInFlight();
    const ended = Date.now();
    mcp.child.stdin?.end();
    assert.equal(await mcp.exited, 0, mcp.output.stderr());
    const elapsed = Date.now() - ended;
    assert.ok(elapsed < 1_000, `exited ${elapsed} ms after stdin ended`);
    assert.equal(await stub.listSettled, 'client-gone');
    assert.equal(stub.requests.includes(STOP), false);
    const answer = mcp.messages().find((message) => message.id === 2);
    const text = (answer?.result as { content: Array<{ text: string }> } | undefined)?.content[0];
    assert.match(text?.text ?? '', /^cancelled: /);
  });
});
