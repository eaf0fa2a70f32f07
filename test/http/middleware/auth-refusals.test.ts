/**
 * What a refused credential is told: a bearer token that was sent but not accepted (unknown
 * or revoked, without saying which) is told apart from no credential at all, so the advice
 * fits; the token itself is never echoed.
 */
import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { describe, it } from 'node:test';
import { issueToken, revokeToken } from '../../../src/auth/api-tokens.js';
import { createPasswordApp, createTestClock, peerEnv, readJson } from '../../support/auth-app.js';
import { useTempDir } from '../../support/temp.js';

const dir = useTempDir();
const REFUSED =
  'bearer token not accepted (unknown or revoked); issue one with `clauster api-token issue <label>`';

async function refusal(response: Response): Promise<{ code: string; message: string }> {
  const { error } = await readJson(response);
  return { code: String(error?.code), message: String(error?.message) };
}

describe('authenticate() refusal messages', () => {
  it('authenticate() says an unknown or revoked bearer token was not accepted, never which', async () => {
    const deps = { fs: fsp, clock: createTestClock() };
    const issued = await issueToken(dir.path, { label: 'gone' }, deps);
    assert.ok(issued.ok);
    const { app } = await createPasswordApp({ stateDir: dir.path });
    const revoked = issued.value.token;
    assert.equal(
      (await app.request('/api/v1/bridges', { headers: { authorization: `Bearer ${revoked}` } }))
        .status,
      503,
      'the token works before it is revoked',
    );
    assert.ok((await revokeToken(dir.path, 'gone', deps)).ok);
    const unknown = `clauster_pat_${'FAKE'.repeat(11)}`;
    for (const token of [revoked, unknown]) {
      const response = await app.request('/api/v1/bridges', {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(response.status, 401);
      assert.deepEqual(await refusal(response), { code: 'unauthenticated', message: REFUSED });
    }
    const none = await app.request('/api/v1/bridges');
    assert.deepEqual(await refusal(none), {
      code: 'unauthenticated',
      message: 'authentication required',
    });
  });

  it('authenticate() says why bad bearer tokens are throttled and that a valid one passes', async () => {
    const { app } = await createPasswordApp({ stateDir: dir.path });
    const bad = { headers: { authorization: `Bearer clauster_pat_${'FAKE'.repeat(11)}` } };
    const env = peerEnv('10.5.5.5');
    for (let i = 0; i < 5; i += 1) await app.request('/api/whoami', bad, env);
    const throttled = await app.request('/api/whoami', bad, env);
    assert.equal(throttled.status, 429);
    const { code, message } = await refusal(throttled);
    assert.equal(code, 'throttled');
    assert.match(
      message,
      /^too many bearer tokens not accepted from this client address; a valid token still passes/,
    );
  });
});
