// The write tools against a real dashboard (test/support/mcp-dashboard.ts): a bridge driven
// end to end, and every way the token can be missing, empty, wrong or read from a file.
import assert from 'node:assert/strict';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findFreePort } from '../support/free-port.js';
import { useMcpDashboard } from '../support/mcp-dashboard.js';
import {
  assertNoSecrets,
  buildBridgeRecord,
  FAKE_SESSION,
  FAKE_URL,
  type McpWorld,
} from '../support/mcp-world.js';

const CONNECT_URL_RE = /claude\.ai|env_[A-Za-z0-9]{6}|session_[A-Za-z0-9]{6}/;

// Two stopped bridges of `app` that still carry a connect URL and a session id.
function seed(world: McpWorld) {
  const reason = `exited with code 1 (${FAKE_SESSION})`;
  return [
    buildBridgeRecord(world, { id: 'br-aaaabbbbcccc', url: FAKE_URL, reason }),
    buildBridgeRecord(world, { id: 'br-aaaaddddeeee', url: FAKE_URL, name: FAKE_SESSION }),
  ];
}

describe('clauster mcp write tools', () => {
  const dashboard = useMcpDashboard({ seed });

  it('start_bridge refuses an untrusted project, pointing a human to the dashboard or clauster trust', async () => {
    const result = await (await dashboard.connect()).call('start_bridge', { project: 'repo' });
    assert.equal(result.isError, true);
    assert.equal(
      result.text,
      'start repo: project repo is not trusted; trust is never granted through MCP: trust it in the dashboard or with `clauster trust repo` (untrusted)',
    );
  });

  it('start_bridge, stop_bridge and restart_bridge drive a real bridge of a trusted project', async () => {
    const trusted = await dashboard.world.runCli(['trust', 'repo']);
    assert.equal(trusted.code, 0, trusted.stderr);
    const client = await dashboard.connect();
    const started = await client.call('start_bridge', { project: 'repo' });
    assert.equal(started.isError, false, started.text);
    const bridge = started.json.bridge as Record<string, unknown>;
    assert.deepEqual(
      [bridge.project, bridge.status, bridge.has_connect_url],
      ['repo', 'running', true],
    );
    assert.equal('url' in bridge, false);
    assert.doesNotMatch(started.text, CONNECT_URL_RE);

    const status = await client.call('bridge_status', { bridge: 'repo' });
    assert.equal((status.json.bridge as { alive: boolean }).alive, true, status.text);

    const stopped = await client.call('stop_bridge', { bridge: 'repo' });
    assert.equal(stopped.isError, false, stopped.text);
    const { id, status: after } = stopped.json.bridge as { id: string; status: string };
    assert.deepEqual([id, after], [bridge.id, 'stopped']);
    assert.equal(dashboard.server.context.supervisor?.get(String(bridge.id))?.status, 'stopped');

    const restarted = await client.call('restart_bridge', { bridge: 'repo' });
    assert.equal(restarted.isError, false, restarted.text);
    const again = restarted.json.bridge as { id: string; status: string };
    assert.notEqual(again.id, bridge.id);
    assert.equal(again.status, 'running');
    assert.doesNotMatch(restarted.text, CONNECT_URL_RE);
    assert.equal((await client.call('stop_bridge', { bridge: again.id })).isError, false);
  });

  it('stop_bridge with an unknown or ambiguous reference names no connect URL or session id', async () => {
    const client = await dashboard.connect();
    const unknown = await client.call('stop_bridge', { bridge: 'app' });
    assert.equal(unknown.isError, true);
    assert.match(unknown.text, /project "app" has no live bridge/);
    const ambiguous = await client.call('stop_bridge', { bridge: 'br-aaaa' });
    assert.equal(ambiguous.isError, true);
    assert.match(ambiguous.text, /matches 2 bridges.*br-aaaabbbbcccc {2}app {2}stopped/s);
    assertNoSecrets(unknown.text, ambiguous.text, client.stderr());
  });

  it('a write tool without a token answers isError naming CLAUSTER_TOKEN', async () => {
    const before = dashboard.server.context.supervisor?.list().length;
    const client = await dashboard.connect({});
    const result = await client.call('start_bridge', { project: 'app' });
    assert.equal(result.isError, true);
    assert.match(result.text, /set CLAUSTER_TOKEN \(or CLAUSTER_TOKEN_FILE/);
    assert.equal(dashboard.server.context.supervisor?.list().length, before);
    // The server is still serving.
    assert.equal((await client.call('list_projects')).isError, false);
  });

  it('a write tool with an empty CLAUSTER_TOKEN_FILE says no token is set, not 401', async () => {
    const file = join(dashboard.world.root, 'empty-token');
    await writeFile(file, ' \n', { mode: 0o600 });
    const client = await dashboard.connect({ CLAUSTER_TOKEN_FILE: file });
    const result = await client.call('stop_bridge', { bridge: 'repo' });
    assert.equal(result.isError, true);
    assert.match(result.text, /^no API token for the dashboard: set CLAUSTER_TOKEN/);
  });

  it('a write tool reads its token from the 0600 file CLAUSTER_TOKEN_FILE names', async () => {
    const file = join(dashboard.world.root, 'mcp-token');
    await writeFile(file, `${dashboard.token}\n`);
    await chmod(file, 0o600);
    const client = await dashboard.connect({ CLAUSTER_TOKEN_FILE: file });
    // Reaching "no live bridge" means the dashboard accepted the token for GET /api/bridges.
    const result = await client.call('stop_bridge', { bridge: 'app' });
    assert.equal(result.isError, true);
    assert.match(result.text, /project "app" has no live bridge/);
  });

  it('a write tool with a wrong token reports the 401 and never shows the token', async () => {
    const wrong = 'wrong-token-value-123';
    const client = await dashboard.connect({ CLAUSTER_TOKEN: wrong });
    const result = await client.call('stop_bridge', { bridge: 'repo' });
    assert.equal(result.isError, true);
    // The token was passed: the answer says it was refused, not to pass one.
    assert.equal(
      result.text,
      'list bridges: bearer token not accepted (unknown or revoked); issue one with `clauster api-token issue <label>` (unauthenticated)',
    );
    for (const text of [result.text, client.stderr()]) assert.equal(text.includes(wrong), false);
  });

  it('a write tool against an unreachable dashboard answers isError saying so', async () => {
    const url = `http://127.0.0.1:${await findFreePort()}`;
    const env = { CLAUSTER_TOKEN: dashboard.token };
    const client = await dashboard.world.connect({ env, url });
    const result = await client.call('stop_bridge', { bridge: 'repo' });
    assert.equal(result.isError, true);
    assert.equal(result.text, `dashboard not reachable at ${url}; start it with \`clauster run\``);
  });
});
