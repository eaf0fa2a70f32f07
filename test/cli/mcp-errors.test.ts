// The error texts `clauster mcp` sends for what the agent supplied (a tool name, argument
// keys, a project name or bridge reference): masked, control-escaped (`\u202e`, never
// stripped) and capped, whether clauster or the MCP SDK would have built them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from '../support/fake-claude.js';
import { spawnMcp } from '../support/mcp-stdio.js';
import { useMcpWorlds } from '../support/mcp-world.js';

const createWorld = useMcpWorlds();

// Shaped like an API token (the redactor masks it); obviously not one.
const FAKE_TOKEN = `clauster_pat_${'FAKE'.repeat(11)}`;
const RAW_CONTROLS = ['\u001b', '\u202e'];
const ESCAPED_NAME_PROBLEM =
  'must not contain a control or invisible character (such as NUL, a newline or U+202E)';

type Message = Record<string, unknown>;

function toolText(message: Message | undefined): { isError: unknown; text: string } {
  const result = message?.result as { isError?: unknown; content: Array<{ text: string }> };
  return { isError: result.isError, text: result.content.map((part) => part.text).join('') };
}

function manyKeys(count: number): Record<string, number> {
  const keys: Record<string, number> = {};
  for (let i = 0; i < count; i += 1) keys[`k${String(i).padStart(5, '0')}`] = 1;
  return keys;
}

describe('clauster mcp error texts', () => {
  it('runMcp() answers an unknown tool name and unknown argument keys masked, escaped and capped', async () => {
    const world = await createWorld();
    const { output, exited, initialize, messages, send, child } = spawnMcp(world);
    initialize();
    const call = (id: string, name: string, args: Message) =>
      send({ id, method: 'tools/call', params: { name, arguments: args } });
    call('token-name', `x ${FAKE_TOKEN}`, {});
    call('control-name', 'x\u001b[2J\u202eevil', {});
    call('token-key', 'list_projects', { [FAKE_TOKEN]: 1 });
    call('many-keys', 'list_projects', manyKeys(50_000));
    await waitFor(() => messages().some((m) => m.id === 'many-keys'), 60_000);
    child.stdin?.end();
    assert.equal(await exited, 0, output.stderr());
    const answer = (id: string) => toolText(messages().find((m) => m.id === id));

    assert.deepEqual(answer('token-name'), {
      isError: true,
      text: 'unknown tool "x clauster_pat_<redacted>"; the tools offered are bridge_status, list_bridges, list_projects',
    });
    assert.match(answer('control-name').text, /^unknown tool "x\\u001b\[2J\\u202eevil"; /);
    assert.deepEqual(answer('token-key'), {
      isError: true,
      text: 'invalid arguments for list_projects: arguments has unknown keys "clauster_pat_<redacted>"',
    });
    const many = answer('many-keys');
    assert.equal(many.isError, true);
    assert.equal(
      many.text,
      'invalid arguments for list_projects: arguments has unknown keys "k00000", "k00001", "k00002" and 49997 more',
    );
    for (const text of [output.stdout(), output.stderr()]) {
      assert.equal(text.includes(FAKE_TOKEN), false, 'the token leaked');
      for (const raw of RAW_CONTROLS) assert.equal(text.includes(raw), false);
    }
    assert.ok(output.stdout().length < 10_000, `stdout is ${output.stdout().length} bytes`);
  });

  it('bridge_status refuses a reference that is no project name, shown quoted and escaped', async () => {
    const client = await (await createWorld()).connect();
    const result = await client.call('bridge_status', { bridge: '\u001b[31mred\u202e' });
    assert.equal(result.isError, true);
    assert.equal(
      result.text,
      `not a bridge id or a valid project name: project name "\\u001b[31mred\\u202e": ${ESCAPED_NAME_PROBLEM}`,
    );
  });

  it('stop_bridge and restart_bridge refuse such a reference before any dashboard call', async () => {
    // No token and no dashboard: the refusal comes first.
    const client = await (await createWorld({ allowWrites: true })).connect();
    for (const tool of ['stop_bridge', 'restart_bridge']) {
      const result = await client.call(tool, { bridge: 'a/../b' });
      assert.equal(result.isError, true);
      assert.equal(
        result.text,
        `not a bridge id or a valid project name: project name "a/../b": must not contain a path separator`,
        tool,
      );
    }
  });

  it('start_bridge refuses a project name with U+202E without naming another project', async () => {
    const client = await (await createWorld({ allowWrites: true })).connect();
    const result = await client.call('start_bridge', { project: 'al\u202epha' });
    assert.equal(result.isError, true);
    assert.equal(result.text, `start: project name "al\\u202epha": ${ESCAPED_NAME_PROBLEM}`);
  });
});
