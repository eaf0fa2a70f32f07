import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createApp } from '../../../src/http/app.js';
import type { ProjectView } from '../../../src/projects/project-view.js';
import { createHarnessContext } from '../../support/app-context.js';
import { useBridgeHarnesses } from '../../support/bridge-harness.js';
import { DEAD_PID, readOwnProcStart, writeBridgePointer } from '../../support/bridge-pointer.js';
import { readClaudeJson, waitFor } from '../../support/fake-claude.js';

const ORIGIN = 'http://127.0.0.1:7621';
const createHarness = useBridgeHarnesses();

async function makeApp(raw: Record<string, unknown> = {}) {
  const h = await createHarness({ trusted: [] });
  const ctx = createHarnessContext(h, raw);
  return { h, ctx, app: createApp(ctx) };
}

function post(body?: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

describe('projectsRoutes()', () => {
  it('projectsRoutes() lists projects with trust as the CLI decides, git flag and bridge', async () => {
    const { app, h } = await makeApp({ projects: { app: { allow_bypass_permissions: true } } });
    await fs.mkdir(join(h.projectsRoot, '.hidden'));
    const res = await app.request('/api/projects');
    assert.equal(res.status, 200);
    const { projects } = (await res.json()) as { projects: ProjectView[] };
    assert.deepEqual(
      projects.map((p) => [
        p.name,
        p.trusted,
        p.trust_reason,
        p.git,
        p.allow_bypass_permissions,
        p.bridge,
      ]),
      [
        ['app', false, 'not-granted', false, true, null],
        ['repo', false, 'not-granted', true, false, null],
      ],
    );
    assert.equal(projects[0]?.path, h.app);
    assert.deepEqual(
      projects.map((p) => p.last_used_at),
      [null, null],
    );
  });

  it('projectsRoutes() shows a git repo under a trusted parent as untrusted (own grant needed)', async () => {
    const { app, h } = await makeApp();
    await h.trust.setTrusted(h.projectsRoot);
    const { projects } = (await (await app.request('/api/projects')).json()) as {
      projects: ProjectView[];
    };
    const byName = Object.fromEntries(projects.map((p) => [p.name, p]));
    assert.equal(byName.app?.trusted, true);
    assert.equal(byName.app?.trust_reason, 'ancestor-granted');
    assert.equal(byName.repo?.trusted, false);
    assert.equal(byName.repo?.trust_reason, 'git-repo-needs-own-grant');
  });

  it('projectsRoutes() trusts a project, then starts it (201) and refuses a second start (409)', async () => {
    const { app, h, ctx } = await makeApp();
    const untrusted = await app.request('/api/projects/app/start', post({}));
    assert.equal(untrusted.status, 409);
    const refusal = (await untrusted.json()) as { error: { code: string; message: string } };
    assert.equal(refusal.error.code, 'untrusted');
    assert.match(refusal.error.message, /trust first/);

    const trusted = await app.request('/api/projects/app/trust', post());
    assert.equal(trusted.status, 200);
    const { project } = (await trusted.json()) as { project: ProjectView };
    assert.equal(project.trusted, true);
    assert.equal(project.trust_reason, 'granted');
    const config = (await readClaudeJson(h.home)) as {
      projects: Record<string, { hasTrustDialogAccepted?: boolean }>;
    };
    assert.equal(config.projects[h.app]?.hasTrustDialogAccepted, true);
    assert.ok(ctx.auditEntries.some((e) => e.action === 'project.trust'));

    const started = await app.request(
      '/api/projects/app/start',
      post({ name: 'Phone', spawn_mode: 'session' }),
    );
    assert.equal(started.status, 201);
    const { bridge } = (await started.json()) as {
      bridge: { id: string; status: string; spawn_mode: string };
    };
    assert.equal(bridge.status, 'starting');
    assert.equal(bridge.spawn_mode, 'session');
    const again = await app.request('/api/projects/app/start', post({}));
    assert.equal(again.status, 409);
    assert.equal(
      ((await again.json()) as { error: { code: string } }).error.code,
      'already-running',
    );

    await waitFor(async () => {
      const { projects } = (await (await app.request('/api/projects')).json()) as {
        projects: ProjectView[];
      };
      return projects.find((p) => p.name === 'app')?.bridge?.status === 'running';
    }, 20_000);
    await h.supervisor.stop(bridge.id);
    // last_used_at: the newest start/stop time of the project's bridges; never used is null.
    const { projects } = (await (await app.request('/api/projects')).json()) as {
      projects: ProjectView[];
    };
    const used = projects.find((p) => p.name === 'app');
    const stoppedAt = used?.bridge?.stopped_at;
    assert.ok(stoppedAt, 'the stopped bridge has a stop time');
    assert.equal(used?.last_used_at, new Date(stoppedAt).toISOString());
    assert.equal(projects.find((p) => p.name === 'repo')?.last_used_at, null);
  });

  const refusals: Array<[string, string, RequestInit, number, string]> = [
    ['an unknown project', '/api/projects/nope/start', post({}), 404, 'unknown-project'],
    ['a dot-dot name', '/api/projects/..%2F..%2Fetc/start', post({}), 404, 'unknown-project'],
    ['a hidden name', '/api/projects/.hidden/trust', post(), 404, 'unknown-project'],
    ['a bad option', '/api/projects/app/start', post({ capacity: 0 }), 422, 'invalid-option'],
    [
      'bypass without the project flag',
      '/api/projects/app/start',
      post({ permission_mode: 'bypassPermissions', confirm: 'bypassPermissions' }),
      403,
      'bypass-refused',
    ],
    [
      'a body that is not an object',
      '/api/projects/app/start',
      { ...post(), body: '[1]' },
      400,
      'bad-request',
    ],
    [
      'a body that is not JSON',
      '/api/projects/app/start',
      { ...post(), body: '{' },
      400,
      'invalid-json',
    ],
  ];
  for (const [title, path, init, status, code] of refusals) {
    it(`projectsRoutes() answers ${status} ${code} for ${title} and starts nothing`, async () => {
      const { app, h } = await makeApp();
      await h.trust.setTrusted(h.app);
      const res = await app.request(path, init);
      assert.equal(res.status, status);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, code);
      assert.deepEqual(h.supervisor.list(), []);
    });
  }

  it('projectsRoutes() reports a bridge run outside clauster and refuses its start (409 bridged-elsewhere)', async () => {
    const { app, h } = await makeApp();
    await h.trust.setTrusted(h.app);
    const procStart = await readOwnProcStart();
    // This test process plays the `claude remote-control` started in a terminal.
    await writeBridgePointer(h.home, h.app, { pid: process.pid, procStart });
    const listed = (await (await app.request('/api/projects')).json()) as {
      projects: ProjectView[];
    };
    assert.deepEqual(
      listed.projects.map((p) => [p.name, p.external_bridge]),
      [
        ['app', { pid: process.pid, adoptable: true }],
        ['repo', null],
      ],
    );
    const res = await app.request('/api/projects/app/start', post({}));
    assert.equal(res.status, 409);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'bridged-elsewhere');
    assert.match(
      body.error.message,
      new RegExp(
        `stop that \`claude remote-control\` \\(pid ${process.pid}\\) first, or let it be`,
      ),
    );
    assert.deepEqual(h.supervisor.list(), []);
    await writeBridgePointer(h.home, h.app, { pid: DEAD_PID, procStart });
    const after = (await (await app.request('/api/projects')).json()) as {
      projects: ProjectView[];
    };
    assert.equal(after.projects[0]?.external_bridge, null);
  });

  it('projectsRoutes() keeps a non-object .claude.json byte-identical and answers 409', async () => {
    const { app, h } = await makeApp();
    const path = join(h.home, '.claude.json');
    await fs.writeFile(path, '["not", "an object"]');
    const res = await app.request('/api/projects/app/trust', post());
    assert.equal(res.status, 409);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'claude-config-invalid');
    assert.match(body.error.message, /expected a JSON object, got an array/);
    assert.equal(await fs.readFile(path, 'utf8'), '["not", "an object"]');
  });
});
