import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Hono } from 'hono';
import { createApp } from '../../../src/http/app.js';
import { createNodeDeps } from '../../../src/system/node.js';
import { createTestContext } from '../../support/app-context.js';
import { FAKE_NOW, makeEnvId, writeCredentials } from '../../support/reaper-fixture.js';
import {
  bridgeEnvironment,
  type ReaperScenario,
  startReaperScenario,
} from '../../support/reaper-scenario.js';

const ORIGIN = 'http://localhost:7621';
const GHOST = makeEnvId(1);
const LIVE = makeEnvId(2);

let world: ReaperScenario;

beforeEach(async () => {
  world = await startReaperScenario({
    projects: ['alpha', 'beta'],
    environments: (dir) => [
      bridgeEnvironment(GHOST, 'alpha', dir('alpha')),
      bridgeEnvironment(LIVE, 'beta', dir('beta')),
    ],
    live: { beta: 900 },
  });
});
afterEach(() => world.close());

function makeApp(uiEnabled = true) {
  const ctx = createTestContext({
    home: world.home,
    raw: {
      projects_root: world.projectsRoot,
      state_dir: world.stateDir,
      reaper: { ui_enabled: uiEnabled, api_base_url: world.api.url },
    },
  });
  ctx.deps = {
    ...createNodeDeps({ HOME: world.home }),
    processes: world.deps.processes,
    clock: world.deps.clock,
  };
  return { app: createApp(ctx), ctx };
}

function reap(app: Hono, body: unknown) {
  return app.request('/api/environments/reap', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify(body),
  });
}

describe('environmentsRoutes()', () => {
  it('environmentsRoutes() answers 404 for both routes unless reaper.ui_enabled', async () => {
    const { app } = makeApp(false);
    const list = await app.request('/api/environments/ghosts');
    assert.equal(list.status, 404);
    assert.equal(
      ((await list.json()) as { error: { code: string } }).error.code,
      'feature-disabled',
    );
    const post = await reap(app, { action: 'archive', ids: [GHOST], confirm: 'archive' });
    assert.equal(post.status, 404);
    assert.equal(world.api.requests.length, 0);
  });

  it('environmentsRoutes() GET /api/environments/ghosts lists the ghosts', async () => {
    const { app } = makeApp();
    const response = await app.request('/api/environments/ghosts');
    assert.equal(response.status, 200);
    const body = (await response.json()) as { ghosts: Record<string, unknown>[] };
    assert.deepEqual(
      body.ghosts.map((g) => g.id),
      [GHOST],
    );
    for (const key of ['id', 'directory', 'name', 'last_activity', 'reason']) {
      assert.ok(key in (body.ghosts[0] ?? {}), key);
    }
    assert.equal(world.mutating().length, 0);
  });

  it('environmentsRoutes() POST reap archives only ids in the fresh ghost set', async () => {
    const { app, ctx } = makeApp();
    const response = await reap(app, { action: 'archive', ids: [GHOST, LIVE], confirm: 'archive' });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { results: { id: string; outcome: string }[] };
    assert.deepEqual(
      body.results.map((r) => [r.id, r.outcome]),
      [
        [GHOST, 'archived'],
        [LIVE, 'skipped'],
      ],
    );
    assert.deepEqual(
      world.mutating().map((r) => r.url),
      [`/v1/environments/${GHOST}/archive`],
    );
    assert.equal(ctx.auditEntries[0]?.action, 'reaper.archive');
  });

  it('environmentsRoutes() POST reap deletes with confirm DELETE', async () => {
    const { app } = makeApp();
    const response = await reap(app, { action: 'delete', ids: [GHOST], confirm: 'DELETE' });
    assert.equal(response.status, 200);
    assert.deepEqual(
      world.mutating().map((r) => `${r.method} ${r.url}`),
      [`DELETE /v1/environments/${GHOST}?force=true`],
    );
  });

  const invalid: [string, unknown][] = [
    ['delete confirmed with archive', { action: 'delete', ids: [GHOST], confirm: 'archive' }],
    ['delete confirmed in lower case', { action: 'delete', ids: [GHOST], confirm: 'delete' }],
    ['archive without confirm', { action: 'archive', ids: [GHOST] }],
    ['an unknown action', { action: 'purge', ids: [GHOST], confirm: 'DELETE' }],
    ['no ids', { action: 'archive', ids: [], confirm: 'archive' }],
    ['an id with a slash', { action: 'archive', ids: ['env_1/../x'], confirm: 'archive' }],
    ['ids that are not a list', { action: 'archive', ids: GHOST, confirm: 'archive' }],
    ['an unknown field', { action: 'archive', ids: [GHOST], confirm: 'archive', force: true }],
  ];
  for (const [name, body] of invalid) {
    it(`environmentsRoutes() POST reap refuses ${name} with 422 and acts on nothing`, async () => {
      const { app } = makeApp();
      const response = await reap(app, body);
      assert.equal(response.status, 422);
      assert.equal(world.api.requests.length, 0);
    });
  }

  it('environmentsRoutes() answers 409 live-set-unknown for a corrupt bridges.json', async () => {
    await writeFile(join(world.stateDir, 'bridges.json'), '[');
    const { app } = makeApp();
    const list = await app.request('/api/environments/ghosts');
    assert.equal(list.status, 409);
    const post = await reap(app, { action: 'delete', ids: [GHOST], confirm: 'DELETE' });
    assert.equal(post.status, 409);
    assert.equal(
      ((await post.json()) as { error: { code: string } }).error.code,
      'live-set-unknown',
    );
    assert.equal(world.mutating().length, 0);
  });

  it('environmentsRoutes() answers 424 with the reason when the API refuses the token', async () => {
    world.api.list = { status: 401 };
    const { app } = makeApp();
    const response = await app.request('/api/environments/ghosts');
    assert.equal(response.status, 424);
    const text = await response.text();
    assert.match(text, /401 Unauthorized/);
    assert.equal(text.includes(world.token.slice(0, 7)), false);
  });

  it('environmentsRoutes() answers 409 reaper-credentials for an expired token', async () => {
    await writeCredentials(world.home, { accessToken: world.token, expiresAt: FAKE_NOW - 1 });
    const { app } = makeApp();
    const response = await app.request('/api/environments/ghosts');
    assert.equal(response.status, 409);
    assert.equal(
      ((await response.json()) as { error: { code: string } }).error.code,
      'reaper-credentials',
    );
    assert.equal(world.api.requests.length, 0);
  });
});
