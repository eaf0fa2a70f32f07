import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import type { ClausterEvent } from '../../../src/events/bus.js';
import { createApp } from '../../../src/http/app.js';
import type { ProjectView } from '../../../src/projects/project-view.js';
import { createNodeDeps } from '../../../src/system/node.js';
import { createTestContext } from '../../support/app-context.js';
import { passwordAuthConfig } from '../../support/auth-app.js';
import { useTempDir } from '../../support/temp.js';

const ORIGIN = 'http://127.0.0.1:7621';
const home = useTempDir('clauster-create-api-');
let projectsRoot: string;

type Answer = { project?: ProjectView; error?: { code: string; message: string } };

beforeEach(async () => {
  projectsRoot = join(home.path, 'code');
  await mkdir(projectsRoot);
});

function makeApp(raw: Record<string, unknown> = {}) {
  const ctx = createTestContext({
    home: home.path,
    raw: { projects_root: projectsRoot, ...raw },
    overrides: { deps: createNodeDeps({ HOME: home.path, PATH: process.env.PATH ?? '' }) },
  });
  const events: ClausterEvent[] = [];
  ctx.bus.subscribe((event) => events.push(event));
  return { ctx, events, app: createApp(ctx) };
}

function post(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

async function send(app: ReturnType<typeof createApp>, body: unknown, headers = {}) {
  const res = await app.request('/api/projects', post(body, headers));
  return { status: res.status, answer: (await res.json()) as Answer };
}

describe('projectCreateRoutes()', () => {
  it('projectCreateRoutes() creates a project: 201 with the list view, audit and event', async () => {
    const { app, ctx, events } = makeApp();
    const { status, answer } = await send(app, { name: 'fresh' });
    assert.equal(status, 201);
    assert.equal(answer.project?.name, 'fresh');
    assert.equal(answer.project?.path, join(projectsRoot, 'fresh'));
    assert.equal(answer.project?.git, false);
    const listed = (await (await app.request('/api/projects')).json()) as {
      projects: ProjectView[];
    };
    assert.deepEqual(listed.projects, [answer.project]);
    assert.deepEqual(ctx.auditEntries, [
      {
        action: 'project.create',
        project: 'fresh',
        path: join(projectsRoot, 'fresh'),
        git_init: false,
      },
    ]);
    assert.ok(events.some((e) => e.type === 'projects-changed'));
  });

  it('projectCreateRoutes() runs git init when git_init is true', async () => {
    const { app, ctx } = makeApp();
    const { status, answer } = await send(app, { name: 'repo', git_init: true });
    assert.equal(status, 201);
    assert.equal(answer.project?.git, true);
    const head = await readFile(join(projectsRoot, 'repo', '.git', 'HEAD'), 'utf8');
    assert.equal(head.trim(), 'ref: refs/heads/main');
    assert.equal(ctx.auditEntries[0]?.git_init, true);
  });

  it('projectCreateRoutes() answers 409 project-exists and leaves the existing entry', async () => {
    const { app, ctx, events } = makeApp();
    await mkdir(join(projectsRoot, 'taken'));
    await symlink(join(home.path, 'nowhere'), join(projectsRoot, 'dangling'));
    for (const name of ['taken', 'dangling']) {
      const { status, answer } = await send(app, { name });
      assert.equal(status, 409);
      assert.equal(answer.error?.code, 'project-exists');
    }
    assert.deepEqual((await readdir(projectsRoot)).sort(), ['dangling', 'taken']);
    assert.deepEqual(ctx.auditEntries, []);
    assert.deepEqual(events, []);
  });

  for (const [title, body, field] of [
    ['a path name', { name: '../x' }, /project name/],
    ['a hidden name', { name: '.hidden' }, /project name/],
    ['a missing name', {}, /project name/],
    ['an unknown field', { name: 'ok', depth: 1 }, /"depth": unknown field/],
    ['a non-boolean git_init', { name: 'ok', git_init: 'yes' }, /git_init: expected true or false/],
    [
      'a git_init holding a token after a NUL (masked, not shown)',
      { name: 'ok', git_init: `\u0000ghp_${'A1b2C3d4'.repeat(4)}Zz9y` },
      /got "\\u0000ghp_<redacted>"/,
    ],
  ] as const) {
    it(`projectCreateRoutes() refuses ${title} with 422 naming it`, async () => {
      const { app } = makeApp();
      const { status, answer } = await send(app, body);
      assert.equal(status, 422);
      assert.match(answer.error?.message ?? '', field);
      assert.deepEqual(await readdir(projectsRoot), []);
    });
  }

  it('projectCreateRoutes() answers 404 feature-disabled when clone.enabled is false', async () => {
    const { app } = makeApp({ clone: { enabled: false } });
    const { status, answer } = await send(app, { name: 'fresh' });
    assert.equal(status, 404);
    assert.equal(answer.error?.code, 'feature-disabled');
    assert.deepEqual(await readdir(projectsRoot), []);
  });

  it('projectCreateRoutes() answers 409 projects-root-unavailable for a missing root', async () => {
    const { app } = makeApp({ projects_root: join(home.path, 'missing') });
    const { status, answer } = await send(app, { name: 'fresh' });
    assert.equal(status, 409);
    assert.equal(answer.error?.code, 'projects-root-unavailable');
  });

  it('projectCreateRoutes() answers 424 create-failed with the error code for an I/O error', async () => {
    const deps = createNodeDeps({ HOME: home.path, PATH: process.env.PATH ?? '' });
    const mkdir = async () => {
      throw Object.assign(new Error('fake'), { code: 'EROFS' });
    };
    const ctx = createTestContext({
      home: home.path,
      raw: { projects_root: projectsRoot },
      overrides: { deps: { ...deps, fs: { ...deps.fs, mkdir } } },
    });
    const { status, answer } = await send(createApp(ctx), { name: 'fresh' });
    assert.equal(status, 424);
    assert.equal(answer.error?.code, 'create-failed');
    assert.match(answer.error?.message ?? '', /cannot create .*fresh \(EROFS\)$/);
  });

  it('projectCreateRoutes() refuses a cross-origin POST (403) and creates nothing', async () => {
    const { app, ctx } = makeApp();
    for (const headers of [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
    ]) {
      const { status, answer } = await send(app, { name: 'fresh' }, headers);
      assert.equal(status, 403);
      assert.equal(answer.error?.code, 'bad-origin');
    }
    assert.deepEqual(await readdir(projectsRoot), []);
    assert.deepEqual(ctx.auditEntries, []);
  });

  it('projectCreateRoutes() refuses a request without a session (401)', async () => {
    const { app } = makeApp({ auth: await passwordAuthConfig() });
    await mkdir(join(home.path, '.clauster'), { recursive: true, mode: 0o700 });
    const { status } = await send(app, { name: 'fresh' });
    assert.equal(status, 401);
    assert.deepEqual(await readdir(projectsRoot), []);
  });
});
