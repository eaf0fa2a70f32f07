// `clauster mcp`'s stdin framing: what reaches the SDK's transport, what is answered here,
// and that no input stops the reading.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import type { ErrorAnswer } from '../../src/cli/mcp-message-check.js';
import { type CheckedInputOptions, createCheckedInput } from '../../src/cli/mcp-stdin.js';

const PING = '{"jsonrpc":"2.0","id":1,"method":"ping"}';
const PING2 = '{"jsonrpc":"2.0","id":2,"method":"ping"}';

function setup(options: Partial<CheckedInputOptions> = {}) {
  const stdin = new PassThrough();
  const answers: ErrorAnswer[] = [];
  const notes: string[] = [];
  const input = createCheckedInput(stdin, {
    answer: (response) => answers.push(response),
    note: (text) => notes.push(text),
    ...options,
  });
  let passed = '';
  input.stream.setEncoding('utf8').on('data', (chunk: string) => {
    passed += chunk;
  });
  const ended = once(input.stream, 'end');
  return { stdin, input, answers, notes, passed: () => passed, ended };
}

const refusal = (code: number, message: string): ErrorAnswer => ({
  jsonrpc: '2.0',
  id: null,
  error: { code, message },
});

describe('createCheckedInput()', () => {
  it('createCheckedInput() hands on sound lines in order, CR stripped, blank lines skipped', async () => {
    const t = setup();
    t.stdin.write(`${PING}\r\n\n  \r\n`);
    t.stdin.write(PING2.slice(0, 10));
    t.stdin.write(`${PING2.slice(10)}\n`);
    // The last line lacks its newline; it is read all the same when stdin ends.
    t.stdin.end('{"jsonrpc":"2.0","method":"notifications/initialized"}');
    await t.ended;
    assert.equal(
      t.passed(),
      `${PING}\n${PING2}\n{"jsonrpc":"2.0","method":"notifications/initialized"}\n`,
    );
    assert.deepEqual(t.answers, []);
    assert.deepEqual(t.notes, []);
  });

  it('createCheckedInput() keeps a UTF-8 character split across reads whole', async () => {
    const t = setup();
    const bytes = Buffer.from('{"jsonrpc":"2.0","id":"é€","method":"ping"}\n');
    const cut = bytes.indexOf(0xe2) + 1;
    t.stdin.write(bytes.subarray(0, cut));
    t.stdin.end(bytes.subarray(cut));
    await t.ended;
    assert.equal(t.passed(), '{"jsonrpc":"2.0","id":"é€","method":"ping"}\n');
  });

  it('createCheckedInput() answers a line that is not UTF-8 with -32700, then reads on', async () => {
    const t = setup();
    t.stdin.write(Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]));
    t.stdin.end(`${PING}\n`);
    await t.ended;
    assert.deepEqual(t.answers, [refusal(-32700, 'Parse error: the line is not valid UTF-8')]);
    assert.deepEqual(t.notes, ['answered -32700 Parse error: the line is not valid UTF-8']);
    assert.equal(t.passed(), `${PING}\n`);
  });

  it('createCheckedInput() answers a line over the cap once, skips it to its newline, reads on', async () => {
    const t = setup({ maxLineBytes: 64 });
    const long = `{"jsonrpc":"2.0","id":3,"method":"ping","params":{"pad":"${'x'.repeat(100)}"}}`;
    t.stdin.write(long.slice(0, 50));
    t.stdin.write(long.slice(50, 120));
    t.stdin.write(`${long.slice(120)}\n${PING}\n`);
    t.stdin.end();
    await t.ended;
    const message =
      'Invalid Request: a message must be at most 64 bytes; the rest of this line is skipped';
    assert.deepEqual(t.answers, [refusal(-32600, message)]);
    assert.equal(t.passed(), `${PING}\n`);
  });

  it('createCheckedInput() answers a malformed line and notes it; a notification only notes', async () => {
    const t = setup();
    t.stdin.write('{not json\n');
    t.stdin.write('{"jsonrpc":"2.0","method":"notifications/cancelled","params":"x"}\n');
    t.stdin.end(`${PING}\n`);
    await t.ended;
    assert.deepEqual(t.answers, [refusal(-32700, 'Parse error: the line is not valid JSON')]);
    assert.deepEqual(t.notes, [
      'answered -32700 Parse error: the line is not valid JSON',
      'ignored a malformed notification (never answered): Invalid params: params must be an object (it is a string)',
    ]);
    assert.equal(t.passed(), `${PING}\n`);
  });

  it('createCheckedInput() answers -32603 when the check throws, and reads on', async () => {
    let calls = 0;
    const t = setup({
      check: () => {
        calls += 1;
        if (calls === 1) throw new TypeError('boom');
        return { kind: 'pass' };
      },
    });
    t.stdin.end(`${PING}\n${PING2}\n`);
    await t.ended;
    assert.deepEqual(t.answers, [refusal(-32603, 'Internal error')]);
    assert.deepEqual(t.notes, [
      'could not check a message (TypeError)',
      'answered -32603 Internal error',
    ]);
    assert.equal(t.passed(), `${PING2}\n`);
  });

  it('createCheckedInput() stop() stops reading stdin and ends the stream', async () => {
    const t = setup();
    t.stdin.write(`${PING}\n`);
    await new Promise((resolve) => setImmediate(resolve));
    t.input.stop();
    await t.ended;
    assert.equal(t.stdin.listenerCount('data'), 0);
    assert.equal(t.stdin.isPaused(), true);
    t.stdin.write(`${PING2}\n`);
    assert.equal(t.passed(), `${PING}\n`);
  });
});
