import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BridgeRecord } from '../../src/bridges/record.js';
import {
  assertNoSecrets,
  FAKE_SESSION,
  FAKE_URL,
  buildBridgeRecord as record,
  useMcpWorlds,
} from '../support/mcp-world.js';

const createWorld = useMcpWorlds();

const READ_TOOLS = ['bridge_status', 'list_bridges', 'list_projects'];
const WRITE_TOOLS = ['restart_bridge', 'start_bridge', 'stop_bridge'];

// Two bridges of `app`: an old crash whose reason and name carry a session id, and a newer
// stopped one that still has its connect URL recorded.
async function seededWorld() {
  const world = await createWorld();
  await world.seedBridges([
    record(world, {
      id: 'br-aaaabbbbcccc',
      status: 'crashed',
      started_at: '2026-07-01T08:00:00.000Z',
      stopped_at: '2026-07-01T08:30:00.000Z',
      reason: `exited with code 1 (${FAKE_SESSION})`,
      name: `nightly ${FAKE_SESSION}`,
      intentional_stop: false,
    }),
    record(world, { id: 'br-aaaaddddeeee', url: FAKE_URL }),
  ]);
  return world;
}

// A CLI --json bridge as the MCP tools show it: no url, whether it has one that still leads
// somewhere instead (a live bridge whose process is there).
function withoutUrl(bridge: Record<string, unknown>): Record<string, unknown> {
  const { url, ...rest } = bridge;
  const live = ['starting', 'running', 'error'].includes(String(bridge.status));
  return { ...rest, has_connect_url: url !== null && live && bridge.alive !== false };
}

describe('clauster mcp read tools', () => {
  it('createClausterMcpServer() lists exactly the 3 read tools without mcp.allow_writes', async () => {
    const client = await (await createWorld()).connect();
    assert.deepEqual(await client.listToolNames(), READ_TOOLS);
  });

  it('createClausterMcpServer() lists the 3 write tools too with mcp.allow_writes: true', async () => {
    const client = await (await createWorld({ allowWrites: true })).connect();
    assert.deepEqual(await client.listToolNames(), [...READ_TOOLS, ...WRITE_TOOLS].sort());
  });

  it('createClausterMcpServer() marks stop and restart destructive, start not, reads read-only', async () => {
    const client = await (await createWorld({ allowWrites: true })).connect();
    const hints = (await client.listTools()).map((tool) => [
      tool.name,
      tool.annotations.readOnlyHint,
      tool.annotations.destructiveHint,
    ]);
    assert.deepEqual(hints.sort(), [
      ['bridge_status', true, undefined],
      ['list_bridges', true, undefined],
      ['list_projects', true, undefined],
      ['restart_bridge', false, true],
      ['start_bridge', false, false],
      ['stop_bridge', false, true],
    ]);
  });

  it('list_bridges returns the data of `clauster status --json`, structural', async () => {
    const world = await seededWorld();
    const cli = await world.runCli(['status', '--json']);
    assert.equal(cli.code, 0, cli.stderr);
    const result = await (await world.connect()).call('list_bridges');
    assert.equal(result.isError, false, result.text);
    const bridges = result.json.bridges as Array<Record<string, unknown>>;
    const expected = JSON.parse(cli.stdout).bridges.map(withoutUrl);
    const strip = ({ reason: _r, name: _n, ...rest }: Record<string, unknown>) => rest;
    assert.deepEqual(bridges.map(strip), expected.map(strip));
    assert.deepEqual(
      bridges.map((b) => [b.id, b.status, b.alive, b.has_connect_url, b.capacity]),
      [
        ['br-aaaabbbbcccc', 'crashed', false, false, 4],
        ['br-aaaaddddeeee', 'stopped', false, false, 4], // its recorded URL leads nowhere
      ],
    );
    assert.equal(bridges[0]?.reason, 'exited with code 1 (session_<redacted>)');
    assert.equal(bridges[0]?.name, 'nightly session_<redacted>');
    assertNoSecrets(result.text);
  });

  it('list_projects returns the data of `clauster projects --json`, structural', async () => {
    const world = await seededWorld();
    const cli = await world.runCli(['projects', '--json']);
    assert.equal(cli.code, 0, cli.stderr);
    const result = await (await world.connect()).call('list_projects');
    assert.equal(result.isError, false, result.text);
    const expected = JSON.parse(cli.stdout).projects.map((p: Record<string, unknown>) => ({
      ...p,
      bridge: p.bridge === null ? null : withoutUrl(p.bridge as Record<string, unknown>),
    }));
    assert.deepEqual(result.json.projects, expected);
    const shown = (result.json.projects as Array<Record<string, unknown>>).map((p) => [
      p.name,
      p.trusted,
      p.git,
      (p.bridge as { id: string } | null)?.id ?? null,
    ]);
    assert.deepEqual(shown, [
      ['app', true, false, 'br-aaaaddddeeee'],
      ['repo', false, true, null],
    ]);
    assertNoSecrets(result.text);
  });

  it('bridge_status resolves a project name, an id prefix and a full id', async () => {
    const client = await (await seededWorld()).connect();
    for (const [ref, id] of [
      ['app', 'br-aaaaddddeeee'],
      ['br-aaaab', 'br-aaaabbbbcccc'],
      ['br-aaaaddddeeee', 'br-aaaaddddeeee'],
    ]) {
      const result = await client.call('bridge_status', { bridge: ref });
      assert.equal(result.isError, false, result.text);
      assert.equal((result.json.bridge as { id: string }).id, id, ref);
      assertNoSecrets(result.text);
    }
  });

  it('bridge_status refuses an ambiguous or unknown reference, listing only ids', async () => {
    const client = await (await seededWorld()).connect();
    const ambiguous = await client.call('bridge_status', { bridge: 'br-aaaa' });
    assert.equal(ambiguous.isError, true);
    assert.match(ambiguous.text, /matches 2 bridges/);
    assert.match(ambiguous.text, /br-aaaabbbbcccc {2}app {2}crashed/);
    assert.match(ambiguous.text, /br-aaaaddddeeee {2}app {2}stopped/);
    const unknown = await client.call('bridge_status', { bridge: 'nope' });
    assert.equal(unknown.isError, true);
    assert.match(unknown.text, /project "nope" has no bridge/);
    const missing = await client.call('bridge_status', { bridge: 'br-zzzzzzzzzzzz' });
    assert.equal(missing.isError, true);
    assert.match(missing.text, /no recorded bridge has the id br-zzzzzzzzzzzz/);
    for (const text of [ambiguous.text, unknown.text, missing.text]) assertNoSecrets(text);
  });

  it('bridge_status refuses unknown arguments instead of ignoring them', async () => {
    const client = await (await seededWorld()).connect();
    const result = await client.call('bridge_status', { bridge: 'app', url: true });
    assert.equal(result.isError, true);
    assert.match(result.text, /url/);
  });

  it('list_bridges answers isError for a corrupt bridges.json and keeps serving', async () => {
    const world = await createWorld();
    const client = await world.connect();
    await world.seedBridges([{ id: 'not-an-id' } as unknown as BridgeRecord]);
    const broken = await client.call('list_bridges');
    assert.equal(broken.isError, true);
    assert.match(broken.text, /bridges\.json: not a valid bridges document/);
    await world.seedBridges([]);
    assert.deepEqual((await client.call('list_bridges')).json, { bridges: [] });
  });
});
