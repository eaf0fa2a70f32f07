/**
 * How a start or an adopt is refused over trust: an unreadable ~/.claude.json is its own
 * error (repair the file, never "trust first"), and the advice for an untrusted project names
 * what the caller can use (the CLI, the card's button), not an internal /api route.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createApp } from '../../../src/http/app.js';
import { createHarnessContext } from '../../support/app-context.js';
import { useBridgeHarnesses } from '../../support/bridge-harness.js';

const ORIGIN = 'http://127.0.0.1:7621';
const createHarness = useBridgeHarnesses();
const POST: RequestInit = { method: 'POST', headers: { origin: ORIGIN } };

type Refusal = { error: { code: string; message: string } };

describe('start and adopt refused over trust', () => {
  it('a corrupt ~/.claude.json answers 409 claude-config-invalid: repair it, content never shown', async () => {
    const h = await createHarness();
    const app = createApp(createHarnessContext(h));
    const marker = 'FAKE-content-marker';
    await writeFile(join(h.home, '.claude.json'), `{"projects": ${marker}`);
    for (const action of ['start', 'adopt']) {
      const response = await app.request(`/api/v1/projects/app/${action}`, POST);
      assert.equal(response.status, 409, action);
      const { error } = (await response.json()) as Refusal;
      assert.equal(error.code, 'claude-config-invalid', action);
      assert.match(error.message, /^project app: .*\.claude\.json: .*not valid JSON/, action);
      assert.match(error.message, /repair that file .*, then try again$/, action);
      assert.doesNotMatch(error.message, /trust first|\/api\//, action);
      assert.ok(!error.message.includes(marker), action);
    }
    assert.deepEqual(h.supervisor.list(), []);
  });

  it('an untrusted project is refused with the CLI and the dashboard as the ways to trust it', async () => {
    const h = await createHarness({ trusted: [] });
    const app = createApp(createHarnessContext(h));
    const response = await app.request('/api/v1/projects/app/start', POST);
    assert.equal(response.status, 409);
    const { error } = (await response.json()) as Refusal;
    assert.equal(error.code, 'untrusted');
    assert.match(
      error.message,
      /; trust first \(run `clauster trust app`, or press Trust… on its card in the dashboard\)$/,
    );
    assert.doesNotMatch(error.message, /\/api\//);
  });
});
