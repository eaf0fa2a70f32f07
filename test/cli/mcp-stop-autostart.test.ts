// stop_bridge by project name when an autostart project keeps crashing (the fake claude with
// FAKE_CLAUDE_CRASH=a): no live bridge, but its pending retry is cancelled, as `clauster stop`
// does, and the answer says so.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from '../support/fake-claude.js';
import { useMcpDashboard } from '../support/mcp-dashboard.js';

describe('clauster mcp stop_bridge and autostart retries', () => {
  const dashboard = useMcpDashboard({
    yaml: 'projects:\n  app:\n    autostart: true',
    claudeEnv: { FAKE_CLAUDE_CRASH: 'a' },
  });

  it('stop_bridge of a crash-looping project cancels its pending retry, then refuses as before', async () => {
    const supervisor = dashboard.server.context.supervisor;
    assert.ok(supervisor);
    // The newest crashed record (listed in the order they were made): the one a stop targets.
    const crashed = () =>
      supervisor
        .list()
        .filter((b) => b.status === 'crashed')
        .at(-1);
    const pending = () => supervisor.autostartRetries().some((r) => r.project === 'app');
    // Connected first: the retry is due 2 s after the crash, so the call must follow it closely.
    const client = await dashboard.connect();
    await waitFor(() => crashed() !== undefined && pending(), 30_000, 10);
    const stopped = await client.call('stop_bridge', { bridge: 'app' });
    assert.equal(stopped.isError, false, stopped.text);
    assert.equal(stopped.json.autostart_cancelled, true);
    const bridge = stopped.json.bridge as { id: string; status: string };
    assert.deepEqual([bridge.id, bridge.status], [crashed()?.id, 'crashed']);
    assert.equal(pending(), false);

    const again = await client.call('stop_bridge', { bridge: 'app' });
    assert.equal(again.isError, true);
    assert.match(again.text, /project "app" has no live bridge/);
  });
});

describe('clauster mcp stop_bridge of a project whose autostart start is refused', () => {
  // `repo` is not trusted in the MCP world: each attempt is refused before any record exists.
  const dashboard = useMcpDashboard({ yaml: 'projects:\n  repo:\n    autostart: true' });

  it('cancels the pending retry and answers bridge null', async () => {
    const supervisor = dashboard.server.context.supervisor;
    assert.ok(supervisor);
    const pending = () => supervisor.autostartRetries().some((r) => r.project === 'repo');
    const client = await dashboard.connect();
    // After the first refused attempt (1 s), the next one waits 2 s: plenty for one call.
    await waitFor(() => (supervisor.autostartRetries()[0]?.attempt ?? 0) >= 2, 30_000, 10);
    const stopped = await client.call('stop_bridge', { bridge: 'repo' });
    assert.equal(stopped.isError, false, stopped.text);
    assert.deepEqual(stopped.json, { bridge: null, autostart_cancelled: true });
    assert.equal(pending(), false);
    assert.deepEqual(supervisor.list(), [], 'no record was ever made');
  });
});
