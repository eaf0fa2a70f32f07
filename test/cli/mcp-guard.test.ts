// The guard between clauster's McpServer and its transport (src/cli/mcp-guard.ts), and the
// error text every refusal goes through (showErrorText in src/cli/mcp-output.ts): whatever
// builds an error, the SDK included, what leaves is masked, control-escaped and cut.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';
import { checkToolCall } from '../../src/cli/mcp-call-check.js';
import { guardTransport, showOutgoing } from '../../src/cli/mcp-guard.js';
import { MAX_ERROR_TEXT, refuse, showErrorText } from '../../src/cli/mcp-output.js';

// Shaped like an API token (the redactor masks it); obviously not one.
const FAKE_TOKEN = `clauster_pat_${'FAKE'.repeat(11)}`;
const HOSTILE = `x ${FAKE_TOKEN} \u001b[2J\u202eevil`;

function assertClean(text: string): void {
  assert.equal(text.includes(FAKE_TOKEN), false, `the token leaked: ${text}`);
  for (const raw of ['\u001b', '\u202e']) assert.equal(text.includes(raw), false, text);
}

const clients: Client[] = [];
after(async () => {
  for (const client of clients) await client.close();
});

// A bare SDK server (strict `list_projects`) behind the guard, whose own check takes any
// arguments and knows a tool the server does not have: so the SDK builds the errors.
async function connectBehindLooseGuard(): Promise<Client> {
  const server = new McpServer({ name: 'guard-test', version: '0.0.0' });
  server.registerTool('list_projects', { inputSchema: z.strictObject({}) }, async () => ({
    content: [{ type: 'text', text: '{}' }],
  }));
  const loose = new Map<string, z.ZodType>([
    ['list_projects', z.looseObject({})],
    [HOSTILE, z.looseObject({})],
  ]);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(guardTransport(serverSide, loose));
  const client = new Client({ name: 'guard-test', version: '0.0.0' });
  await client.connect(clientSide);
  clients.push(client);
  return client;
}

function textOf(result: Awaited<ReturnType<Client['callTool']>>): string {
  return (result.content as Array<{ text: string }>).map((part) => part.text).join('');
}

describe('clauster mcp guard', () => {
  it('guardTransport() masks and escapes the SDK-built error of an unknown tool', async () => {
    const client = await connectBehindLooseGuard();
    const result = await client.callTool({ name: HOSTILE, arguments: {} });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /^MCP error -32602: Tool x clauster_pat_<redacted>/);
    assertClean(textOf(result));
  });

  it('guardTransport() masks and escapes the SDK-built error of unknown argument keys', async () => {
    const client = await connectBehindLooseGuard();
    const args = { [FAKE_TOKEN]: 1, 'k\u001b[2J\u202e': 2 };
    const result = await client.callTool({ name: 'list_projects', arguments: args });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /Unrecognized keys/);
    assert.match(textOf(result), /k\\u001b\[2J\\u202e/);
    assertClean(textOf(result));
  });

  it('showOutgoing() escapes a JSON-RPC error message and drops its data', () => {
    const message = {
      jsonrpc: '2.0',
      id: 7,
      error: { code: -32602, message: `Invalid: ${HOSTILE}`, data: { raw: HOSTILE } },
    } as JSONRPCMessage;
    const shown = showOutgoing(message) as { error: Record<string, unknown> };
    assert.deepEqual(Object.keys(shown.error), ['code', 'message']);
    assert.match(String(shown.error.message), /^Invalid: x clauster_pat_<redacted>/);
    assertClean(JSON.stringify(shown));
  });

  it('showOutgoing() leaves a result that is not an error as it is', () => {
    const message = {
      jsonrpc: '2.0',
      id: 8,
      result: { content: [{ type: 'text', text: 'a\u202eb' }] },
    } as JSONRPCMessage;
    assert.equal(showOutgoing(message), message);
  });

  it('checkToolCall() leaves params that are no call to the SDK and passes a valid call', () => {
    const tools = new Map([['bridge_status', z.strictObject({ bridge: z.string() })]]);
    assert.equal(checkToolCall({ name: 5 }, tools), null);
    assert.equal(checkToolCall({ name: 'bridge_status', arguments: [] }, tools), null);
    assert.equal(
      checkToolCall({ name: 'bridge_status', arguments: { bridge: 'app' } }, tools),
      null,
    );
    // A `__proto__` key is dropped, as the SDK's request schema drops it, not refused.
    const withProto = JSON.parse('{"bridge":"app","__proto__":{"a":1}}') as unknown;
    assert.equal(checkToolCall({ name: 'bridge_status', arguments: withProto }, tools), null);
    assert.equal(
      checkToolCall({ name: 'bridge_status' }, tools),
      'invalid arguments for bridge_status: arguments.bridge is missing (expected a string)',
    );
    assert.equal(
      checkToolCall({ name: 'bridge_status', arguments: { bridge: 1 } }, tools),
      'invalid arguments for bridge_status: arguments.bridge must be a string',
    );
  });

  it('refuse() escapes the controls of free text instead of stripping them, line by line', () => {
    const refusal = refuse(
      `bridge br-aaaabbbbcccc of app is crashed: \u001b[31mred\u202e\n  ${HOSTILE}`,
    );
    assert.equal(
      refusal.detail,
      'bridge br-aaaabbbbcccc of app is crashed: \\u001b[31mred\\u202e\n  x clauster_pat_<redacted> \\u001b[2J\\u202eevil',
    );
    assert.equal(showErrorText(refusal.detail), refusal.detail);
  });

  it('showErrorText() cuts a long text to MAX_ERROR_TEXT, never inside an escape', () => {
    const shown = showErrorText(`${'a'.repeat(MAX_ERROR_TEXT - 3)}\u202e${'b'.repeat(100)}`);
    assert.equal(shown, `${'a'.repeat(MAX_ERROR_TEXT - 3)}…`);
  });
});
