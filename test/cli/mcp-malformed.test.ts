// `clauster mcp` over real stdio, fed what a broken or hostile client could send: every
// malformed request gets its JSON-RPC 2.0 error answer, no notification or response is
// answered, stdout stays pure JSON-RPC, and the server keeps serving to the end.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from '../support/fake-claude.js';
import { spawnMcp } from '../support/mcp-stdio.js';
import { useMcpWorlds } from '../support/mcp-world.js';

const createWorld = useMcpWorlds();

const rpc = (message: Record<string, unknown>) => JSON.stringify({ jsonrpc: '2.0', ...message });
const error = (id: string | number | null, code: number, message: string) => ({
  jsonrpc: '2.0',
  id,
  error: { code, message },
});

// Each line sent, with the answer it must get (null: none at all).
const CASES: Array<[string, Record<string, unknown> | null]> = [
  ['{not json', error(null, -32700, 'Parse error: the line is not valid JSON')],
  [
    rpc({ id: 2, method: 'tools/list', params: 'str' }),
    error(2, -32602, 'Invalid params: params must be an object (it is a string)'),
  ],
  [
    rpc({ id: 3, method: 'tools/list', params: 5 }),
    error(3, -32602, 'Invalid params: params must be an object (it is a number)'),
  ],
  [
    rpc({ id: 4, method: 'tools/call', params: {} }),
    error(4, -32602, 'Invalid params: params.name is missing (expected a string)'),
  ],
  [
    `[${rpc({ id: 5, method: 'ping' })}]`,
    error(
      null,
      -32600,
      'Invalid Request: batches (JSON arrays) are not supported since MCP 2025-06-18; send one message per line',
    ),
  ],
  ['42', error(null, -32600, 'Invalid Request: a message must be a JSON object (it is a number)')],
  ['"x"', error(null, -32600, 'Invalid Request: a message must be a JSON object (it is a string)')],
  ['null', error(null, -32600, 'Invalid Request: a message must be a JSON object (it is null)')],
  [
    rpc({ id: 1.5, method: 'ping' }),
    error(null, -32600, 'Invalid Request: id must be a string or an integer'),
  ],
  [
    rpc({ id: { a: 1 }, method: 'ping' }),
    error(null, -32600, 'Invalid Request: id must be a string or an integer'),
  ],
  [
    rpc({ id: 9, method: 'ping', 'k\u001b[2J\u202e': 1 }),
    error(
      9,
      -32600,
      'Invalid Request: unknown member "k\\u001b[2J\\u202e" (known: jsonrpc, id, method, params)',
    ),
  ],
  [rpc({ id: 10, method: 'resources/list' }), error(10, -32601, 'Method not found')],
  [rpc({ method: 'notifications/cancelled', params: 'bad' }), null],
  [rpc({ method: 'notifications/initialized', extra: 1 }), null],
  [rpc({ id: 16, result: 5 }), null],
  [
    `{"jsonrpc":"2.0","id":17,"method":"ping","params":{"pad":"${'x'.repeat(1_100_000)}"}}`,
    error(
      null,
      -32600,
      'Invalid Request: a message must be at most 1048576 bytes; the rest of this line is skipped',
    ),
  ],
];

describe('clauster mcp and malformed input', () => {
  it('runMcp() answers each malformed request as JSON-RPC 2.0 says and keeps serving', async () => {
    const world = await createWorld();
    const { child, output, exited, initialize, messages } = spawnMcp(world);
    initialize();
    for (const [line] of CASES) child.stdin?.write(`${line}\n`);
    child.stdin?.write(`${rpc({ id: 'last', method: 'ping' })}\n`);
    await waitFor(() => messages().some((m) => m.id === 'last'), 60_000).catch(() => {
      throw new Error(`no answer to the last ping; stdout=${output.stdout().slice(0, 4000)}`);
    });
    child.stdin?.end();
    assert.equal(await exited, 0, output.stderr());

    // messages() parses every stdout line as JSON: anything else on stdout throws here.
    const answers = messages().filter((m) => m.id !== 1 && m.id !== 'last');
    const expected = CASES.flatMap(([, answer]) => (answer === null ? [] : [answer]));
    const sorted = (list: unknown[]) => list.map((m) => JSON.stringify(m)).sort();
    assert.deepEqual(sorted(answers), sorted(expected));
    assert.deepEqual(
      messages().find((m) => m.id === 'last'),
      { jsonrpc: '2.0', id: 'last', result: {} },
    );
    // Diagnostics on stderr, the input never shown raw there either.
    assert.match(output.stderr(), /clauster mcp: answered -32700 Parse error/);
    assert.match(output.stderr(), /ignored a malformed notification \(never answered\)/);
    for (const raw of ['\u001b', '\u202e']) {
      assert.equal(output.stderr().includes(raw), false);
      assert.equal(output.stdout().includes(raw), false);
    }
  });
});
