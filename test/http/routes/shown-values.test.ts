/**
 * A refused value is shown as it was sent: a control or invisible character escaped (the
 * redactor would strip it, and "a\u202eb" would read as a valid-looking "ab"), NUL named as a
 * control character, and a number past the double range as such (JSON would print null).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApp } from '../../../src/http/app.js';
import { createHarnessContext } from '../../support/app-context.js';
import { useBridgeHarnesses } from '../../support/bridge-harness.js';

const ORIGIN = 'http://127.0.0.1:7621';
const createHarness = useBridgeHarnesses();

function postText(body: string): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json', origin: ORIGIN }, body };
}

async function message(response: Response): Promise<string> {
  return ((await response.json()) as { error: { message: string } }).error.message;
}

describe('values shown in refusals', () => {
  it('a start shows an invisible character escaped and a too large number as such', async () => {
    const h = await createHarness();
    const app = createApp(createHarnessContext(h));
    const cases: Array<[string, RegExp]> = [
      ['{"name":"a\\u202eb"}', /^name: expected .*, got "a\\u202eb"$/],
      [
        '{"capacity":1e400}',
        /^capacity: expected an integer from 1 to 1000, got a number too large$/,
      ],
      ['{"spawn_mode":"same-dir\\u200b"}', /got "same-dir\\u200b"$/],
    ];
    for (const [body, expected] of cases) {
      const response = await app.request('/api/v1/projects/app/start', postText(body));
      assert.equal(response.status, 422, body);
      assert.match(await message(response), expected, body);
    }
    assert.deepEqual(h.supervisor.list(), []);
  });

  it('a project name in the path shows an invisible character escaped and NUL as a control character', async () => {
    const h = await createHarness();
    const app = createApp(createHarnessContext(h, { usage: { mode: 'tokens' } }));
    const bidi = await app.request('/api/v1/projects/%E2%80%AEapp/usage');
    assert.equal(bidi.status, 404);
    assert.match(
      await message(bidi),
      /^project name "\\u202eapp": must not contain a control or invisible character/,
    );
    const nul = await app.request('/api/v1/projects/app%00/usage');
    assert.equal(nul.status, 404);
    assert.match(
      await message(nul),
      /^project name "app\\u0000": must not contain a control or invisible character \(such as NUL/,
    );
  });
});
