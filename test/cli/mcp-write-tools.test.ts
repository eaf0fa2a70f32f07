// The write tools against a real dashboard: startServer() on 127.0.0.1 port 0 with password
// auth, a bearer token issued into its state_dir and the fake `claude` with fast knobs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { issueToken } from '../../src/auth/api-tokens.js';
import { loadConfig } from '../../src/config/load.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { createSilentLogger } from '../../src/system/logger.js';
import { createNodeDeps } from '../../src/system/node.js';
import { fakePasswordHash } from '../support/auth-app.js';
import { killFakeClaudeGroups } from '../support/fake-claude-process.js';
import { FAST_KNOBS } from '../support/fake-claude-sandbox.js';
import { findFreePort } from '../support/free-port.js';
import { type McpClient, type McpWorld, useMcpWorlds } from '../support/mcp-world.js';

const createWorld = useMcpWorlds();
const CONNECT_URL_RE = /claude\.ai|env_[A-Za-z0-9]{6}|session_[A-Za-z0-9]{6}/;

function dashboardYaml(hash: string): string {
  const auth = `auth:\n  enabled: true\n  password_required: true\n  password_hash: "${hash}"`;
  return ['host: 127.0.0.1', 'port: 0', auth].join('\n');
}

describe('clauster mcp write tools', () => {
  let world: McpWorld;
  let server: RunningServer;
  let token: string;

  before(async () => {
    const yaml = dashboardYaml(await fakePasswordHash());
    world = await createWorld({ allowWrites: true, yaml, claudeEnv: FAST_KNOBS });
    const deps = createNodeDeps({ HOME: world.home, PATH: process.env.PATH ?? '' });
    const { config } = await loadConfig({ cwd: world.root, configPath: world.configPath }, deps);
    server = await startServer(config, deps, { logger: createSilentLogger() });
    const issued = await issueToken(world.stateDir, { label: 'mcp-test' }, deps);
    assert.ok(issued.ok);
    token = issued.value.token;
  });

  after(async () => {
    const bridges = server.context.supervisor?.list() ?? [];
    await killFakeClaudeGroups(bridges.flatMap((bridge) => (bridge.pid ? [bridge.pid] : [])));
    await server.close();
  });

  function connect(env: Record<string, string> = { CLAUSTER_TOKEN: token }): Promise<McpClient> {
    return world.connect({ env, url: server.url });
  }

  it('start_bridge leaves policy to the dashboard: an untrusted project is refused', async () => {
    const result = await (await connect()).call('start_bridge', { project: 'repo' });
    assert.equal(result.isError, true);
    assert.match(result.text, /^start repo: project repo: .*trust first.*\(untrusted\)$/);
  });

  it('start_bridge (trust: true), stop_bridge and restart_bridge drive a real bridge', async () => {
    const client = await connect();
    const started = await client.call('start_bridge', { project: 'repo', trust: true });
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
    assert.deepEqual(
      [
        (stopped.json.bridge as { id: string }).id,
        (stopped.json.bridge as { status: string }).status,
      ],
      [bridge.id, 'stopped'],
    );
    assert.equal(server.context.supervisor?.get(String(bridge.id))?.status, 'stopped');

    const restarted = await client.call('restart_bridge', { bridge: 'repo' });
    assert.equal(restarted.isError, false, restarted.text);
    const again = restarted.json.bridge as { id: string; status: string };
    assert.notEqual(again.id, bridge.id);
    assert.equal(again.status, 'running');
    assert.doesNotMatch(restarted.text, CONNECT_URL_RE);
    assert.equal((await client.call('stop_bridge', { bridge: again.id })).isError, false);
  });

  it('stop_bridge with an unknown reference is an error naming no secret', async () => {
    const result = await (await connect()).call('stop_bridge', { bridge: 'app' });
    assert.equal(result.isError, true);
    assert.match(result.text, /project "app" has no live bridge/);
  });

  it('a write tool without a token answers isError naming CLAUSTER_TOKEN', async () => {
    const client = await connect({});
    const result = await client.call('start_bridge', { project: 'app' });
    assert.equal(result.isError, true);
    assert.match(result.text, /set CLAUSTER_TOKEN \(or CLAUSTER_TOKEN_FILE/);
    assert.equal(
      server.context.supervisor?.list().some((b) => b.project === 'app'),
      false,
    );
    // The server is still serving.
    assert.equal((await client.call('list_projects')).isError, false);
  });

  it('a write tool with a wrong token reports the 401 without echoing the token', async () => {
    const wrong = `clauster_pat_${'W'.repeat(43)}`;
    const result = await (await connect({ CLAUSTER_TOKEN: wrong })).call('stop_bridge', {
      bridge: 'repo',
    });
    assert.equal(result.isError, true);
    assert.match(result.text, /CLAUSTER_TOKEN/);
    assert.equal(result.text.includes(wrong), false);
  });

  it('a write tool against an unreachable dashboard answers isError saying so', async () => {
    const url = `http://127.0.0.1:${await findFreePort()}`;
    const client = await world.connect({ env: { CLAUSTER_TOKEN: token }, url });
    const result = await client.call('stop_bridge', { bridge: 'repo' });
    assert.equal(result.isError, true);
    assert.equal(result.text, `dashboard not reachable at ${url}; start it with \`clauster run\``);
  });
});
