import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { type ReaperSettings, reapEnvironments, scanGhosts } from '../../src/reaper/reap.js';
import { createAuditLog } from '../../src/state/audit.js';
import { FAKE_NOW, makeEnvId, writeBridges, writeCredentials } from '../support/reaper-fixture.js';
import {
  bridgeEnvironment,
  type ReaperScenario,
  startReaperScenario,
} from '../support/reaper-scenario.js';

let world: ReaperScenario;
let settings: ReaperSettings;

const GHOST_A = makeEnvId(1);
const LIVE_B = makeEnvId(2);
const GHOST_C = makeEnvId(3);
const OUTSIDE = makeEnvId(4);
const CLOUD = makeEnvId(5);

beforeEach(async () => {
  world = await startReaperScenario({
    projects: ['alpha', 'beta', 'gamma'],
    environments: (dir, { projectsRoot }) => [
      bridgeEnvironment(GHOST_A, 'alpha', dir('alpha'), { updated_at: '2026-02-01T00:00:00Z' }),
      bridgeEnvironment(LIVE_B, 'beta', dir('beta')),
      bridgeEnvironment(GHOST_C, 'gamma', dir('gamma')),
      bridgeEnvironment(OUTSIDE, 'other', `${projectsRoot}-evil/x`),
      { id: CLOUD, name: 'cloud', config: { type: 'cloud', directory: dir('alpha') } },
    ],
    live: { beta: 4242 },
  });
  world.api.pageSize = 2;
  settings = {
    stateDir: world.stateDir,
    projectsRoot: world.projectsRoot,
    apiBaseUrl: world.api.url,
  };
});
afterEach(() => world.close());

function reapDeps() {
  return { ...world.deps, audit: createAuditLog(world.stateDir, world.deps) };
}

describe('scanGhosts()', () => {
  it('scanGhosts() lists only dead bridge environments inside projects_root and touches nothing', async () => {
    const result = await scanGhosts(settings, world.deps);
    assert.ok(result.ok);
    assert.deepEqual(
      result.value.ghosts.map((g) => g.id),
      [GHOST_A, GHOST_C],
    );
    assert.equal(result.value.listed, 5);
    assert.equal(result.value.ghosts[0]?.last_activity, '2026-02-01T00:00:00Z');
    assert.equal(world.mutating().length, 0);
    assert.deepEqual(await world.readAudit(), []);
  });

  it('scanGhosts() aborts when bridges.json is corrupt', async () => {
    await writeFile(join(world.stateDir, 'bridges.json'), '{"schema_version":1,');
    const result = await scanGhosts(settings, world.deps);
    assert.ok(!result.ok);
    assert.equal(result.code, 'live-set-unknown');
  });

  it('scanGhosts() refuses an expired token before any request', async () => {
    await writeCredentials(world.home, { accessToken: world.token, expiresAt: FAKE_NOW - 1000 });
    const result = await scanGhosts(settings, world.deps);
    assert.ok(!result.ok);
    assert.equal(result.code, 'token-expired');
    assert.equal(world.api.requests.length, 0);
  });

  it('scanGhosts() reaps nothing without projects_root', async () => {
    const result = await scanGhosts({ ...settings, projectsRoot: null }, world.deps);
    assert.ok(result.ok);
    assert.deepEqual(result.value.ghosts, []);
    assert.match(result.value.warnings[0] ?? '', /no projects_root/);
  });

  it('scanGhosts() refuses a non-loopback http base URL', async () => {
    const result = await scanGhosts(
      { ...settings, apiBaseUrl: 'http://api.example.test' },
      world.deps,
    );
    assert.ok(!result.ok);
    assert.equal(result.code, 'api-failed');
    assert.match(result.detail, /https/);
  });
});

describe('reapEnvironments()', () => {
  it('reapEnvironments() archives only ghosts and audits each action', async () => {
    const result = await reapEnvironments({ action: 'archive' }, settings, reapDeps());
    assert.ok(result.ok);
    assert.equal(result.value.failed, false);
    assert.deepEqual(
      result.value.results.map((r) => [r.id, r.outcome]),
      [
        [GHOST_A, 'archived'],
        [GHOST_C, 'archived'],
      ],
    );
    assert.deepEqual(
      world.mutating().map((r) => r.url),
      [`/v1/environments/${GHOST_A}/archive`, `/v1/environments/${GHOST_C}/archive`],
    );
    const audit = await world.readAudit();
    assert.deepEqual(
      audit.map((e) => [e.action, e.environment_id, e.outcome]),
      [
        ['reaper.archive', GHOST_A, 'archived'],
        ['reaper.archive', GHOST_C, 'archived'],
      ],
    );
  });

  it('reapEnvironments() skips requested ids that are not ghosts', async () => {
    const result = await reapEnvironments(
      { action: 'delete', ids: [LIVE_B, OUTSIDE, CLOUD, 'env_01unknownxxxxxxxxxxxxx', GHOST_A] },
      settings,
      reapDeps(),
    );
    assert.ok(result.ok);
    assert.deepEqual(
      result.value.results.map((r) => r.outcome),
      ['skipped', 'skipped', 'skipped', 'skipped', 'deleted'],
    );
    assert.deepEqual(
      world.mutating().map((r) => `${r.method} ${r.url}`),
      [`DELETE /v1/environments/${GHOST_A}?force=true`],
    );
  });

  it('reapEnvironments() skips ids that stopped being ghosts between listing and acting', async () => {
    const scan = await scanGhosts(settings, world.deps);
    assert.ok(scan.ok);
    const planned = scan.value.ghosts.map((g) => g.id);
    assert.deepEqual(planned, [GHOST_A, GHOST_C]);
    // A bridge starts in gamma after the operator saw the list.
    await writeBridges(world, [
      { cwd: join(world.projectsRoot, 'beta'), pid: 4242, alive: true },
      { cwd: join(world.projectsRoot, 'gamma'), pid: 4343, alive: true },
    ]);
    const result = await reapEnvironments({ action: 'delete', ids: planned }, settings, reapDeps());
    assert.ok(result.ok);
    assert.deepEqual(
      result.value.results.map((r) => [r.id, r.outcome]),
      [
        [GHOST_A, 'deleted'],
        [GHOST_C, 'skipped'],
      ],
    );
    assert.match(result.value.results[1]?.detail ?? '', /not a ghost/);
    assert.ok(world.api.environments.some((env) => env.id === GHOST_C));
  });

  it('reapEnvironments() stops after the first unexpected answer', async () => {
    world.api.archive = { status: 500 };
    const result = await reapEnvironments({ action: 'archive' }, settings, reapDeps());
    assert.ok(result.ok);
    assert.equal(result.value.failed, true);
    assert.deepEqual(
      result.value.results.map((r) => r.outcome),
      ['failed', 'skipped'],
    );
    assert.match(result.value.results[1]?.detail ?? '', /not attempted/);
    assert.equal(world.mutating().length, 1);
    const audit = await world.readAudit();
    assert.equal(audit[0]?.outcome, 'failed');
  });

  it('reapEnvironments() acts on nothing when the live set is unknown', async () => {
    await writeFile(join(world.stateDir, 'bridges.json'), 'not json');
    const result = await reapEnvironments({ action: 'delete' }, settings, reapDeps());
    assert.ok(!result.ok);
    assert.equal(result.code, 'live-set-unknown');
    assert.equal(world.mutating().length, 0);
    assert.deepEqual(await world.readAudit(), []);
  });

  it('reapEnvironments() acts on nothing when the listing fails', async () => {
    world.api.list = { status: 429 };
    const result = await reapEnvironments({ action: 'delete' }, settings, reapDeps());
    assert.ok(!result.ok);
    assert.equal(result.code, 'api-failed');
    assert.match(result.detail, /429/);
    assert.equal(world.mutating().length, 0);
  });

  it('reapEnvironments() reports a vanished environment as skipped', async () => {
    world.api.beforeAction = (id) => {
      world.api.environments = world.api.environments.filter((env) => env.id !== id);
    };
    const result = await reapEnvironments(
      { action: 'delete', ids: [GHOST_A] },
      settings,
      reapDeps(),
    );
    assert.ok(result.ok);
    assert.equal(result.value.results[0]?.outcome, 'skipped');
    assert.equal(result.value.failed, false);
  });
});
