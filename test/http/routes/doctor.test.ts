import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApp } from '../../../src/http/app.js';
import { createTestContext } from '../../support/app-context.js';
import { createAuthApp } from '../../support/auth-app.js';
import { FAKE_CLAUDE_PATH } from '../../support/fake-claude.js';
import { useTempDir } from '../../support/temp.js';

const home = useTempDir();

describe('doctorRoutes()', () => {
  it('doctorRoutes() GET /api/doctor answers the report without a port row', async () => {
    const ctx = createTestContext({
      home: home.path,
      raw: { claude: { binary: FAKE_CLAUDE_PATH } },
      overrides: { doctorSystemdDirs: [] },
    });
    ctx.deps = { ...ctx.deps, env: { ...ctx.deps.env, PATH: process.env.PATH ?? '' } };
    const response = await createApp(ctx).request('/api/doctor');
    assert.equal(response.status, 200);
    const body = (await response.json()) as {
      ok: boolean;
      checks: { id: string; status: string }[];
    };
    assert.deepEqual(Object.keys(body), ['ok', 'checks', 'generated_at']);
    const ids = body.checks.map((row) => row.id);
    assert.equal(ids.includes('port'), false);
    assert.equal(ids[0], 'config');
    assert.equal(body.checks[0]?.status, 'OK');
    assert.equal(body.checks.find((row) => row.id === 'claude')?.status, 'OK');
  });

  it('doctorRoutes() GET /api/doctor needs authentication when auth is on', async () => {
    const { app } = createAuthApp({
      stateDir: home.path,
      config: { auth: { enabled: true, api_token_hash: 'a'.repeat(64) } },
    });
    const response = await app.request('/api/doctor');
    assert.equal(response.status, 401);
  });
});
