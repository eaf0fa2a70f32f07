import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Hono } from 'hono';
import { getHeader, joinRawHeader } from '../../../src/http/middleware/peer.js';

const NAMES = ['Cookie', 'cookie', 'COOKIE', 'Authorization', 'authorization', 'Host', 'Origin'];
const WIRE_SPACE = fc.constantFrom('', ' ', '\t', '  ', ' \t');
// What Node's strict parser hands over as a value: tab, printable ASCII and Latin-1 bytes.
const WIRE_TEXT = fc.string({
  unit: fc.oneof(
    fc.constant('\t'),
    fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
    fc.integer({ min: 0x80, max: 0xff }).map((code) => String.fromCharCode(code)),
  ),
  maxLength: 12,
});
const RAW_LIST = fc.array(fc.tuple(fc.constantFrom(...NAMES), WIRE_SPACE, WIRE_TEXT, WIRE_SPACE), {
  maxLength: 8,
});

/** The list as Node's `rawHeaders`, and as the pairs @hono/node-server builds Headers from. */
function toRaw(list: Array<[string, string, string, string]>): {
  raw: string[];
  pairs: string[][];
} {
  const raw = list.flatMap(([name, lead, text, trail]) => [name, `${lead}${text}${trail}`]);
  const pairs = list.map(([name, lead, text, trail]) => [name, `${lead}${text}${trail}`]);
  return { raw, pairs };
}

describe('joinRawHeader()', () => {
  it('joinRawHeader() equals Fetch Headers#get() over the same raw list (property)', () => {
    fc.assert(
      fc.property(RAW_LIST, (list) => {
        const { raw, pairs } = toRaw(list);
        const headers = new Headers(pairs);
        for (const name of ['cookie', 'authorization', 'host', 'origin', 'upgrade']) {
          assert.equal(joinRawHeader(raw, name), headers.get(name) ?? undefined, name);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('joinRawHeader() joins cookies with "; ", other repeats with ", ", and trims', () => {
    const raw = ['Cookie', 'a=1', 'X-Auth', ' one ', 'cookie', ' b=2\t', 'x-auth', 'two'];
    assert.equal(joinRawHeader(raw, 'cookie'), 'a=1; b=2');
    assert.equal(joinRawHeader(raw, 'x-auth'), 'one, two');
    assert.equal(joinRawHeader(raw, 'host'), undefined);
    assert.equal(joinRawHeader(['Host', ''], 'host'), '');
  });
});

describe('getHeader()', () => {
  function echoApp(): Hono {
    const app = new Hono();
    app.get('/h', (c) => c.json({ cookie: getHeader(c, 'cookie') ?? null }));
    return app;
  }

  it('getHeader() reads the raw list of a socket request (incoming + outgoing)', async () => {
    const env = {
      incoming: { rawHeaders: ['Cookie', 'wire=1', 'COOKIE', 'wire=2'] },
      outgoing: {},
    };
    const response = await echoApp().request('/h', { headers: { cookie: 'fetch=1' } }, env);
    assert.deepEqual(await response.json(), { cookie: 'wire=1; wire=2' });
  });

  it('getHeader() uses c.req.header() for app.request() and WebSocket handshakes', async () => {
    // @hono/node-ws passes `incoming` without `outgoing` and builds its own Headers.
    const handshake = { incoming: { rawHeaders: ['Cookie', 'wire=1'] }, outgoing: undefined };
    for (const env of [undefined, handshake]) {
      const response = await echoApp().request('/h', { headers: { cookie: 'fetch=1' } }, env);
      assert.deepEqual(await response.json(), { cookie: 'fetch=1' });
    }
  });
});
