// `clauster adopt` in-process against the app (fetch routed to createApp), over the fake claude
// started outside clauster.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BRIDGE_URL_RE, useBridgeHarnesses } from '../support/bridge-harness.js';
import { createHarnessCli, fetchToHarnessApp } from '../support/harness-cli.js';
import { useOutsideBridges } from '../support/outside-bridge.js';

const createHarness = useBridgeHarnesses();
const startOutside = useOutsideBridges();
const URL_FLAG = ['--url', 'http://127.0.0.1:7621'];

async function setup() {
  const h = await createHarness();
  const { run } = await createHarnessCli(h, fetchToHarnessApp(h));
  return { h, run };
}

describe('clauster adopt', () => {
  it('runAdopt() exits 2 without a project or for an unknown one, 1 when nothing runs outside', async () => {
    const { run } = await setup();
    const missing = await run(['adopt']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /missing <project>/);
    const unknown = await run(['adopt', 'nope', ...URL_FLAG]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /\(unknown-project\)\n$/);
    const nothing = await run(['adopt', 'app', ...URL_FLAG]);
    assert.equal(nothing.code, 1);
    // Neutral words (the web UI, the CLI and MCP show them): no "refresh the page".
    assert.match(
      nothing.stderr,
      /^clauster adopt: project app: no live .*, so there is nothing to adopt \(nothing-to-adopt\)\n$/,
    );
  });

  it('runAdopt() adopts the outside bridge and prints it, as text or --json', async () => {
    const { h, run } = await setup();
    const outside = await startOutside({ home: h.home, cwd: h.app, args: ['remote-control'] });
    const adopted = await run(['adopt', 'app', ...URL_FLAG, '--json']);
    assert.equal(adopted.code, 0, adopted.stderr);
    const { bridge } = JSON.parse(adopted.stdout) as {
      bridge: { id: string; adopted: boolean; pid: number; url: string };
    };
    assert.deepEqual([bridge.adopted, bridge.pid], [true, outside.pid]);
    assert.match(bridge.url, BRIDGE_URL_RE);
    await h.supervisor.stop(bridge.id);

    const second = await startOutside({ home: h.home, cwd: h.app, args: ['remote-control'] });
    const text = await run(['adopt', 'app', ...URL_FLAG]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(
      text.stdout,
      new RegExp(`^app: adopted pid ${second.pid} as br-[a-z2-7]{12} \\(running\\) https://`),
    );
    const live = h.supervisor.findLive('app');
    assert.ok(live);
    await h.supervisor.stop(live.id);
  });
});
