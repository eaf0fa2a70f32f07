// `clauster mcp` as an agent runs it: the real bin/clauster.js in a child process, spoken to
// over its stdin/stdout. Every stdout line must be a JSON-RPC message and nothing else.
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { waitFor } from '../support/fake-claude.js';
import { parseLines, spawnMcp } from '../support/mcp-stdio.js';
import { useMcpWorlds } from '../support/mcp-world.js';

const createWorld = useMcpWorlds();
const READ_TOOLS = ['bridge_status', 'list_bridges', 'list_projects'];

describe('clauster mcp over real stdio', () => {
  it('runMcp() writes only JSON-RPC to stdout and exits 0 when stdin ends', async () => {
    const world = await createWorld();
    const { child, output, exited, send, initialize } = spawnMcp(world);
    initialize();
    send({ id: 2, method: 'tools/list' });
    send({ id: 3, method: 'tools/call', params: { name: 'list_bridges', arguments: {} } });
    const count = () =>
      output
        .stdout()
        .split('\n')
        .filter((line) => line !== '').length;
    await waitFor(() => count() >= 3, 60_000, 50).catch(() => {
      throw new Error(`no 3 answers; stdout=${output.stdout()} stderr=${output.stderr()}`);
    });
    child.stdin?.end();
    assert.equal(await exited, 0, output.stderr());

    const messages = parseLines(output.stdout());
    assert.deepEqual(
      messages.map((m) => [m.jsonrpc, m.id]),
      [
        ['2.0', 1],
        ['2.0', 2],
        ['2.0', 3],
      ],
    );
    const [, listed, called] = messages;
    assert.ok(listed && called);
    const tools = (listed.result as { tools: Array<{ name: string }> }).tools;
    assert.deepEqual(tools.map((t) => t.name).sort(), READ_TOOLS);
    const call = called.result as { content: Array<{ text: string }>; isError?: boolean };
    assert.equal(call.isError, undefined);
    assert.deepEqual(JSON.parse(call.content[0]?.text ?? ''), { bridges: [] });
    assert.match(output.stderr(), /^clauster mcp: serving read tools only on stdio\n$/);
  });

  it('runMcp() answers a read tool call still running when stdin ends, then exits 0', async () => {
    const world = await createWorld();
    const { child, output, exited, send, initialize } = spawnMcp(world);
    initialize();
    send({ id: 2, method: 'tools/call', params: { name: 'list_projects', arguments: {} } });
    child.stdin?.end();
    assert.equal(await exited, 0, output.stderr());
    const answer = parseLines(output.stdout()).find((m) => m.id === 2);
    assert.ok(answer, `no answer to the tool call: ${output.stdout()}`);
    const text = (answer.result as { content: Array<{ text: string }> }).content[0]?.text ?? '';
    const names = (JSON.parse(text) as { projects: Array<{ name: string }> }).projects;
    assert.deepEqual(
      names.map((p) => p.name),
      ['app', 'repo'],
    );
  });

  it('runMcp() ignores ./clauster.yml: a file planted in the cwd turns on no write tool', async () => {
    const world = await createWorld();
    const checkout = join(world.root, 'checkout');
    await fs.mkdir(join(checkout, 'empty'), { recursive: true });
    // What a cloned repository could carry: writes on, and the token sent to another host.
    const planted = `host: 127.0.0.1\nport: 9\nprojects_root: ${join(checkout, 'empty')}\n`;
    await fs.writeFile(join(checkout, 'clauster.yml'), `${planted}mcp:\n  allow_writes: true\n`);
    const env = { CLAUSTER_HOME: world.root };
    const { child, output, exited, send, initialize, messages } = spawnMcp(world, {
      args: [],
      cwd: checkout,
      env,
    });
    initialize();
    send({ id: 2, method: 'tools/list' });
    send({ id: 3, method: 'tools/call', params: { name: 'list_projects', arguments: {} } });
    await waitFor(() => messages().length >= 3, 60_000).catch(() => {
      throw new Error(`no 3 answers; stdout=${output.stdout()} stderr=${output.stderr()}`);
    });
    child.stdin?.end();
    assert.equal(await exited, 0, output.stderr());
    const [, listed, called] = messages();
    assert.ok(listed && called);
    const tools = (listed.result as { tools: Array<{ name: string }> }).tools;
    assert.deepEqual(tools.map((t) => t.name).sort(), READ_TOOLS);
    // The projects are those of $CLAUSTER_HOME/clauster.yml, not of the planted file.
    const text = (called.result as { content: Array<{ text: string }> }).content[0]?.text ?? '';
    const projects = (JSON.parse(text) as { projects: Array<{ name: string }> }).projects;
    assert.deepEqual(
      projects.map((p) => p.name),
      ['app', 'repo'],
    );
    assert.match(output.stderr(), /serving read tools only/);
  });

  it('runMcp() refuses a bad mcp section with exit 2 before serving, stdout empty', async () => {
    const world = await createWorld({ yaml: 'mcp:\n  allow_writes: "yes"' });
    const { output, exited } = spawnMcp(world);
    assert.equal(await exited, 2);
    assert.equal(output.stdout(), '');
    assert.match(output.stderr(), /refused: mcp\.allow_writes/);
    assert.match(output.stderr(), /clauster mcp: config refused in [^\n]+\n$/);
  });

  it('runMcp() refuses an unknown key in the mcp section (strict)', async () => {
    const world = await createWorld();
    await fs.appendFile(world.configPath, 'mcp:\n  allow_write: true\n');
    const { output, exited } = spawnMcp(world);
    assert.equal(await exited, 2);
    assert.equal(output.stdout(), '');
    assert.match(output.stderr(), /mcp\.allow_write\b/);
  });
});
