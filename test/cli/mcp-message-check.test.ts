// What `clauster mcp` does with one stdin line before the MCP SDK reads it: the JSON-RPC 2.0
// error answer, exactly, or a pass to the SDK, or a drop (never answered).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkMessageLine, type LineVerdict } from '../../src/cli/mcp-message-check.js';
import { buildFakeSecrets } from '../support/fake-secrets.js';

const line = (message: Record<string, unknown>) => JSON.stringify({ jsonrpc: '2.0', ...message });

function answer(id: string | number | null, code: number, message: string): LineVerdict {
  return { kind: 'answer', answer: { jsonrpc: '2.0', id, error: { code, message } } };
}

const NOT_OBJECT = 'Invalid Request: a message must be a JSON object';
const BAD_ID = 'Invalid Request: id must be a string or an integer';
const BATCH =
  'Invalid Request: batches (JSON arrays) are not supported since MCP 2025-06-18; send one message per line';

describe('checkMessageLine()', () => {
  it('checkMessageLine() answers a line that is not JSON with -32700 and id null, quoting none of it', () => {
    const parse = answer(null, -32700, 'Parse error: the line is not valid JSON');
    assert.deepEqual(checkMessageLine('{not json'), parse);
    assert.deepEqual(checkMessageLine('{"jsonrpc":"2.0","id":1,"method":"ping"'), parse);
    assert.deepEqual(checkMessageLine('\u001b]0;x\u0007'), parse);
  });

  it('checkMessageLine() answers a batch and a JSON non-object with -32600 and id null', () => {
    assert.deepEqual(
      checkMessageLine(`[${line({ id: 5, method: 'ping' })}]`),
      answer(null, -32600, BATCH),
    );
    assert.deepEqual(checkMessageLine('[]'), answer(null, -32600, BATCH));
    assert.deepEqual(
      checkMessageLine('42'),
      answer(null, -32600, `${NOT_OBJECT} (it is a number)`),
    );
    assert.deepEqual(
      checkMessageLine('"x"'),
      answer(null, -32600, `${NOT_OBJECT} (it is a string)`),
    );
    assert.deepEqual(checkMessageLine('null'), answer(null, -32600, `${NOT_OBJECT} (it is null)`));
    assert.deepEqual(
      checkMessageLine('true'),
      answer(null, -32600, `${NOT_OBJECT} (it is a boolean)`),
    );
  });

  it('checkMessageLine() answers an id that is not a string or an integer with id null', () => {
    for (const id of [1.5, null, { a: 1 }, [1], true, 2 ** 60]) {
      assert.deepEqual(
        checkMessageLine(line({ id, method: 'ping' })),
        answer(null, -32600, BAD_ID),
      );
    }
  });

  it('checkMessageLine() answers params that are not an object with -32602 and the request id', () => {
    const bad = (kind: string) => `Invalid params: params must be an object (it is ${kind})`;
    const listing = (params: unknown) =>
      checkMessageLine(line({ id: 2, method: 'tools/list', params }));
    assert.deepEqual(listing('str'), answer(2, -32602, bad('a string')));
    assert.deepEqual(listing(5), answer(2, -32602, bad('a number')));
    assert.deepEqual(listing(null), answer(2, -32602, bad('null')));
    assert.deepEqual(listing([]), answer(2, -32602, bad('an array')));
    // Also for a method not served: the envelope is checked before the SDK says -32601.
    const other = checkMessageLine(line({ id: 'q', method: 'resources/list', params: 1 }));
    assert.deepEqual(other, answer('q', -32602, bad('a number')));
  });

  it('checkMessageLine() answers tools/call without name with -32602 naming the field', () => {
    const call = (params: unknown) =>
      checkMessageLine(line({ id: 4, method: 'tools/call', params }));
    assert.deepEqual(
      call({}),
      answer(4, -32602, 'Invalid params: params.name is missing (expected a string)'),
    );
    assert.deepEqual(
      call({ name: 7 }),
      answer(4, -32602, 'Invalid params: params.name must be a string'),
    );
    assert.deepEqual(
      call({ name: 'list_bridges', arguments: 5 }),
      answer(4, -32602, 'Invalid params: params.arguments must be an object'),
    );
    assert.deepEqual(
      checkMessageLine(line({ id: 'i', method: 'initialize', params: {} })),
      answer('i', -32602, 'Invalid params: params.protocolVersion is missing (expected a string)'),
    );
    assert.deepEqual(
      checkMessageLine(line({ id: 9, method: 'tools/call' })),
      answer(9, -32602, 'Invalid params: params is missing (expected an object)'),
    );
  });

  it('checkMessageLine() answers a bad jsonrpc, method or member with -32600 and the request id', () => {
    const viaRaw = (message: Record<string, unknown>) => checkMessageLine(JSON.stringify(message));
    const version = 'Invalid Request: jsonrpc must be "2.0"';
    assert.deepEqual(viaRaw({ jsonrpc: '1.0', id: 7, method: 'ping' }), answer(7, -32600, version));
    assert.deepEqual(viaRaw({ id: 8, method: 'ping' }), answer(8, -32600, version));
    assert.deepEqual(
      checkMessageLine(line({ id: 6, method: 5 })),
      answer(6, -32600, 'Invalid Request: method must be a string (it is a number)'),
    );
    assert.deepEqual(
      checkMessageLine(line({ id: 6 })),
      answer(6, -32600, 'Invalid Request: method must be a string (it is missing)'),
    );
    assert.deepEqual(
      checkMessageLine(line({ id: 9, method: 'ping', extra: 1 })),
      answer(
        9,
        -32600,
        'Invalid Request: unknown member "extra" (known: jsonrpc, id, method, params)',
      ),
    );
  });

  it('checkMessageLine() shows an unknown member escaped and masked, never as sent', () => {
    const secret = buildFakeSecrets().find((s) => s.shape === 'github classic');
    assert.ok(secret);
    const message = { id: 3, method: 'ping', 'x\u001b[31my\u202e': 1, [secret.text]: 2 };
    const verdict = checkMessageLine(line(message));
    assert.deepEqual(
      verdict,
      answer(
        3,
        -32600,
        'Invalid Request: unknown members "x\\u001b[31my\\u202e", "ghp_<redacted>" (known: jsonrpc, id, method, params)',
      ),
    );
  });

  it('checkMessageLine() answers a message with no id and no string method (not a notification)', () => {
    const missing = answer(
      null,
      -32600,
      'Invalid Request: method must be a string (it is missing)',
    );
    assert.deepEqual(checkMessageLine('{"foo":"boo"}'), missing);
    assert.deepEqual(
      checkMessageLine(line({ method: 1, params: 'bar' })),
      answer(null, -32600, 'Invalid Request: method must be a string (it is a number)'),
    );
  });

  it('checkMessageLine() never answers a notification, however malformed', () => {
    const drops = [
      line({ method: 'notifications/cancelled', params: 'bad' }),
      line({ method: 'notifications/initialized', extra: true }),
      JSON.stringify({ jsonrpc: '1.0', method: 'notifications/initialized' }),
      JSON.stringify({ method: 'notifications/initialized' }),
      line({ method: 'ping', params: { _meta: 5 } }),
    ];
    for (const text of drops) assert.equal(checkMessageLine(text).kind, 'drop', text);
    assert.deepEqual(checkMessageLine(drops[0] as string), {
      kind: 'drop',
      note: 'ignored a malformed notification (never answered): Invalid params: params must be an object (it is a string)',
    });
  });

  it('checkMessageLine() never answers a response; it passes a sound one to the SDK', () => {
    assert.deepEqual(checkMessageLine(line({ id: 16, result: {} })), { kind: 'pass' });
    assert.deepEqual(checkMessageLine(line({ error: { code: 1, message: 'x' } })), {
      kind: 'pass',
    });
    assert.deepEqual(checkMessageLine(line({ id: 17, result: 5 })), {
      kind: 'drop',
      note: 'ignored a malformed response (responses are never answered)',
    });
    assert.equal(checkMessageLine(line({ id: { a: 1 }, error: 'x' })).kind, 'drop');
  });

  it('checkMessageLine() passes sound requests and notifications to the SDK', () => {
    const sound = [
      line({ id: 1, method: 'ping' }),
      line({ id: 'a', method: 'tools/list', params: { cursor: 'c' } }),
      line({ id: 2, method: 'tools/call', params: { name: 'nope', arguments: {} } }),
      line({ id: 3, method: 'resources/list' }),
      line({ method: 'notifications/initialized' }),
    ];
    for (const text of sound) assert.deepEqual(checkMessageLine(text), { kind: 'pass' }, text);
  });
});
