import assert from 'node:assert/strict';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { createApp } from '../../../src/http/app.js';
import { createCloneService } from '../../../src/projects/clone-jobs.js';
import type { ChildHandle, Lookup, Spawn } from '../../../src/system/ports.js';
import { createTestContext } from '../../support/app-context.js';
import { answerGitVersion } from '../../support/fake-git.js';
import { useTempDir } from '../../support/temp.js';

const ORIGIN = 'http://127.0.0.1:7621';
const DNS: Record<string, string[]> = {
  'github.example': ['140.82.112.3'],
  'internal.example': ['10.0.0.5'],
  'meta.example': ['169.254.169.254'],
};

const stubLookup: Lookup = async (host) => {
  const answers = DNS[host];
  if (answers === undefined) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  return answers.map((address) => ({ address, family: 4 as const }));
};

/**
 * A spawn spy whose "git" answers `--version` with `version` and fails every clone at once, so
 * no network or real git is involved.
 */
function createSpawnSpy(version?: string): Spawn & { calls: string[][] } {
  const calls: string[][] = [];
  const spawn: Spawn = (file, args) => {
    calls.push([file, ...args]);
    const answer = answerGitVersion(args, version);
    if (answer !== null) return answer;
    async function* stderr(): AsyncGenerator<string> {
      yield "fatal: repository 'https://github.example/o/r.git/' not found\n";
    }
    const child: ChildHandle = {
      pid: undefined,
      stderr: stderr(),
      exited: Promise.resolve({ exitCode: 128, signal: null }),
      kill: () => false,
    };
    return child;
  };
  return Object.assign(spawn, { calls });
}

const home = useTempDir('clauster-clone-api-');
let projectsRoot: string;

beforeEach(async () => {
  projectsRoot = join(home.path, 'projects');
  await mkdir(projectsRoot);
});

function makeApp(clone: Record<string, unknown> = {}, gitVersion?: string) {
  const spawn = createSpawnSpy(gitVersion);
  const ctx = createTestContext({
    home: home.path,
    raw: { projects_root: projectsRoot, clone },
  });
  const deps = { ...ctx.deps, spawn, lookup: stubLookup };
  ctx.clone = createCloneService(
    { projectsRoot, clone: ctx.config.clone, publish: (e) => ctx.bus.publish(e) },
    deps,
  );
  return { app: createApp({ ...ctx, deps }), spawn, ctx };
}

function postJson(body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify(body),
  };
}

interface ErrorJson {
  error: { code: string; message: string };
}

const REFUSED: ReadonlyArray<readonly [string, string]> = [
  ['file:///etc/passwd', 'scheme'],
  ['http://github.example/o/r.git', 'scheme'],
  ['--upload-pack=touch /tmp/x', 'option-injection'],
  ['https://user:pw@github.example/o/r.git', 'credentials-in-url'],
  ['https://internal.example/o/r.git', 'private-address 10.0.0.5'],
  ['https://meta.example/o/r.git', 'metadata-address 169.254.169.254'],
  ['https://127.0.0.1/o/r.git', 'loopback-address 127.0.0.1'],
  ['https://2130706433/o/r.git', 'ip-literal'],
  ['https://nowhere.example/o/r.git', 'unresolvable'],
];

describe('cloneRoutes()', () => {
  for (const [url, rule] of REFUSED) {
    it(`cloneRoutes() refuses ${url} with 422 naming ${rule}, spawning nothing`, async () => {
      const { app, spawn } = makeApp();
      const res = await app.request('/api/projects/clone', postJson({ url }));
      assert.equal(res.status, 422);
      const body = (await res.json()) as ErrorJson;
      assert.equal(body.error.code, 'clone-refused');
      assert.ok(body.error.message.startsWith(`${rule}: `), body.error.message);
      assert.deepEqual(spawn.calls, []);
      assert.deepEqual(await readdir(projectsRoot), []);
    });
  }

  it('cloneRoutes() refuses an unknown field with 422 naming it, spawning nothing', async () => {
    const { app, spawn } = makeApp();
    const url = 'https://github.example/o/r.git';
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['/api/projects/clone', { url, dept: 1 }, /^"dept": unknown field \(did you mean depth\?\)/],
      ['/api/clone/check', { url, name: 'r' }, /^"name": unknown field; expected only url$/],
    ];
    for (const [path, body, message] of cases) {
      const res = await app.request(path, postJson(body));
      assert.equal(res.status, 422, path);
      const { error } = (await res.json()) as ErrorJson;
      assert.equal(error.code, 'invalid-option');
      assert.match(error.message, message);
    }
    assert.deepEqual(spawn.calls, []);
    assert.deepEqual(await readdir(projectsRoot), []);
  });

  it('cloneRoutes() answers 202 with the job and runs git with -- before the URL', async () => {
    const { app, spawn, ctx } = makeApp();
    const url = 'https://github.example/o/r.git';
    const res = await app.request('/api/projects/clone', postJson({ url, depth: 1 }));
    assert.equal(res.status, 202);
    const { job } = (await res.json()) as { job: Record<string, unknown> };
    assert.equal(job.name, 'r');
    assert.equal(job.url, url);
    assert.match(String(job.id), /^cl-[a-z2-7]{12}$/);
    assert.ok(['queued', 'running'].includes(String(job.status)));
    assert.equal(job.finished_at, null);
    const got = await app.request(`/api/clone-jobs/${job.id}`);
    assert.equal(got.status, 200);
    await ctx.clone?.wait(String(job.id));
    assert.deepEqual(
      ctx.auditEntries.map((entry) => entry.action),
      ['clone-start'],
    );
    assert.deepEqual(spawn.calls[0], ['git', '--version']);
    const args = spawn.calls[1] ?? [];
    assert.equal(args[0], 'git');
    assert.deepEqual(args.slice(args.indexOf('--')), ['--', url, args.at(-1)]);
    assert.ok(args.includes('http.curloptResolve=github.example:443:140.82.112.3'));
    assert.deepEqual(args.slice(args.indexOf('--depth'), args.indexOf('--depth') + 2), [
      '--depth',
      '1',
    ]);
  });

  it('cloneRoutes() answers 424 git-too-old for https by name when git cannot pin', async () => {
    const { app, spawn, ctx } = makeApp({}, '2.34.1');
    const res = await app.request(
      '/api/projects/clone',
      postJson({ url: 'https://github.example/o/r.git' }),
    );
    assert.equal(res.status, 424);
    const { error } = (await res.json()) as ErrorJson;
    assert.equal(error.code, 'git-too-old');
    assert.match(error.message, /^git 2\.34\.1 is too old: .*upgrade to git 2\.37 or newer$/);
    assert.deepEqual(spawn.calls, [['git', '--version']]);
    assert.deepEqual(ctx.auditEntries, []);
    assert.deepEqual(await readdir(projectsRoot), []);
  });

  it('cloneRoutes() reports a failed job without leaving a directory', async () => {
    const { app, ctx } = makeApp();
    const res = await app.request(
      '/api/projects/clone',
      postJson({ url: 'https://github.example/o/r.git' }),
    );
    const { job } = (await res.json()) as { job: { id: string } };
    const done = await ctx.clone?.wait(job.id);
    assert.equal(done?.status, 'failed');
    assert.match(done?.error ?? '', /^git-failed: git exited with code 128: fatal: /);
    const got = (await (await app.request(`/api/clone-jobs/${job.id}`)).json()) as { job: unknown };
    assert.deepEqual(got.job, done);
    assert.deepEqual(await readdir(projectsRoot), []);
  });

  it('cloneRoutes() answers 409 project-exists for an existing project', async () => {
    const { app, spawn } = makeApp();
    await mkdir(join(projectsRoot, 'r'));
    const res = await app.request(
      '/api/projects/clone',
      postJson({ url: 'https://github.example/o/r.git' }),
    );
    assert.equal(res.status, 409);
    assert.equal(((await res.json()) as ErrorJson).error.code, 'project-exists');
    assert.deepEqual(spawn.calls, []);
  });

  it('cloneRoutes() answers 422 for a bad name or depth and 400 for bad JSON', async () => {
    const { app } = makeApp();
    const url = 'https://github.example/o/r.git';
    const badName = await app.request('/api/projects/clone', postJson({ url, name: '.hidden' }));
    assert.equal(badName.status, 422);
    assert.equal(((await badName.json()) as ErrorJson).error.code, 'invalid-project-name');
    const badDepth = await app.request('/api/projects/clone', postJson({ url, depth: '1' }));
    assert.equal(badDepth.status, 422);
    const badJson = await app.request('/api/projects/clone', {
      ...postJson({}),
      body: '{not json',
    });
    assert.equal(badJson.status, 400);
  });

  it('cloneRoutes() gives a dry-run verdict on /api/clone/check', async () => {
    const { app, spawn } = makeApp();
    const refused = await app.request(
      '/api/clone/check',
      postJson({ url: 'https://internal.example/r' }),
    );
    assert.equal(refused.status, 200);
    const verdict = (await refused.json()) as { allowed: boolean; rule: string; detail: string };
    assert.equal(verdict.allowed, false);
    assert.equal(verdict.rule, 'private-address');
    assert.match(verdict.detail, /10\.0\.0\.5/);
    const allowed = await app.request(
      '/api/clone/check',
      postJson({ url: 'https://github.example/r' }),
    );
    assert.deepEqual(((await allowed.json()) as { allowed: boolean; rule: null }).rule, null);
    assert.deepEqual(spawn.calls, []);
  });

  it('cloneRoutes() answers /api/clone/check with the verdict only (schemes: GET /api/session)', async () => {
    const { app, spawn } = makeApp({ allowed_schemes: ['https'] });
    for (const url of ['', 'git@github.example:o/r.git']) {
      const res = await app.request('/api/clone/check', postJson({ url }));
      assert.equal(res.status, 200);
      const body = (await res.json()) as Record<string, unknown>;
      assert.deepEqual(Object.keys(body).sort(), ['allowed', 'detail', 'rule'], url);
      assert.equal(body.allowed, false, url);
    }
    assert.deepEqual(spawn.calls, []);
  });

  it('cloneRoutes() answers 404 unknown-job for GET and DELETE of an unknown job', async () => {
    const { app } = makeApp();
    const got = await app.request('/api/clone-jobs/cl-aaaaaaaaaaaa');
    assert.equal(got.status, 404);
    assert.equal(((await got.json()) as ErrorJson).error.code, 'unknown-job');
    const del = await app.request('/api/clone-jobs/cl-aaaaaaaaaaaa', {
      method: 'DELETE',
      headers: { origin: ORIGIN },
    });
    assert.equal(del.status, 404);
  });

  it('cloneRoutes() answers 404 on every route when clone.enabled is false', async () => {
    const { app, spawn } = makeApp({ enabled: false });
    const url = 'https://github.example/o/r.git';
    const responses = [
      await app.request('/api/projects/clone', postJson({ url })),
      await app.request('/api/clone/check', postJson({ url })),
      await app.request('/api/clone-jobs/cl-aaaaaaaaaaaa'),
      await app.request('/api/clone-jobs/cl-aaaaaaaaaaaa', {
        method: 'DELETE',
        headers: { origin: ORIGIN },
      }),
    ];
    for (const res of responses) {
      assert.equal(res.status, 404);
      assert.equal(((await res.json()) as ErrorJson).error.code, 'feature-disabled');
    }
    assert.deepEqual(spawn.calls, []);
  });
});
