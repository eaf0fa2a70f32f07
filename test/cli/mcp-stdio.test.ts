// `clauster mcp` as an agent runs it: the real bin/clauster.js in a child process, spoken to
// over its stdin/stdout. Every stdout line must be a JSON-RPC message and nothing else.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/sdk/types.js';
import { captureOutput } from '../support/child-output.js';
import { waitFor } from '../support/fake-claude.js';
import { type McpWorld, useMcpWorlds } from '../support/mcp-world.js';

const BIN = fileURLToPath(new URL('../../bin/clauster.js', import.meta.url));
const createWorld = useMcpWorlds();

function spawnMcp(world: McpWorld, args: string[] = []): ChildProcess {
  return spawn(process.execPath, [BIN, 'mcp', '--config', world.configPath, ...args], {
    cwd: world.root,
    env: { HOME: world.home, PATH: process.env.PATH ?? '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

function send(child: ChildProcess, message: Record<string, unknown>): void {
  child.stdin?.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
}

function parseLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('clauster mcp over real stdio', () => {
  it('runMcp() writes only JSON-RPC to stdout and exits 0 when stdin ends', async () => {
    const world = await createWorld();
    const child = spawnMcp(world);
    const output = captureOutput(child);
    const exited = exitOf(child);
    const clientInfo = { name: 'stdio-test', version: '0.0.0' };
    send(child, {
      id: 1,
      method: 'initialize',
      params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo },
    });
    send(child, { method: 'notifications/initialized' });
    send(child, { id: 2, method: 'tools/list' });
    send(child, { id: 3, method: 'tools/call', params: { name: 'list_bridges', arguments: {} } });
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
    assert.deepEqual(tools.map((t) => t.name).sort(), [
      'bridge_status',
      'list_bridges',
      'list_projects',
    ]);
    const call = called.result as { content: Array<{ text: string }>; isError?: boolean };
    assert.equal(call.isError, undefined);
    assert.deepEqual(JSON.parse(call.content[0]?.text ?? ''), { bridges: [] });
    assert.match(output.stderr(), /^clauster mcp: serving read tools only on stdio\n$/);
  });

  it('runMcp() answers a tool call still running when stdin ends, then exits 0', async () => {
    const world = await createWorld();
    const child = spawnMcp(world);
    const output = captureOutput(child);
    const exited = exitOf(child);
    const clientInfo = { name: 'stdio-test', version: '0.0.0' };
    send(child, {
      id: 1,
      method: 'initialize',
      params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo },
    });
    send(child, { method: 'notifications/initialized' });
    send(child, { id: 2, method: 'tools/call', params: { name: 'list_projects', arguments: {} } });
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

  it('runMcp() refuses a bad mcp section with exit 2 before serving, stdout empty', async () => {
    const world = await createWorld({ yaml: 'mcp:\n  allow_writes: "yes"' });
    const child = spawnMcp(world);
    const output = captureOutput(child);
    assert.equal(await exitOf(child), 2);
    assert.equal(output.stdout(), '');
    assert.match(output.stderr(), /refused: mcp\.allow_writes/);
    assert.match(output.stderr(), /clauster mcp: config refused\n$/);
  });

  it('runMcp() refuses an unknown key in the mcp section (strict)', async () => {
    const world = await createWorld();
    await fs.appendFile(world.configPath, 'mcp:\n  allow_write: true\n');
    const child = spawnMcp(world);
    const output = captureOutput(child);
    assert.equal(await exitOf(child), 2);
    assert.equal(output.stdout(), '');
    assert.match(output.stderr(), /mcp\.allow_write\b/);
  });
});
