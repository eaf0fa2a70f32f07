import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TrustFileError } from '../../../src/claude/trust-file.js';
import { createApp } from '../../../src/http/app.js';
import type { ProjectView } from '../../../src/projects/project-view.js';
import type { TrustOutcome } from '../../../src/projects/trust-all.js';
import { createHarnessContext } from '../../support/app-context.js';
import { passwordAuthConfig } from '../../support/auth-app.js';
import { useBridgeHarnesses } from '../../support/bridge-harness.js';

const ORIGIN = 'http://127.0.0.1:7621';
const PATH = '/api/projects/trust-all';
const POST: RequestInit = { method: 'POST', headers: { origin: ORIGIN } };
const createHarness = useBridgeHarnesses();

type Answer = {
  results?: TrustOutcome[];
  projects?: ProjectView[];
  error?: { code: string; message: string; results?: TrustOutcome[] };
};

async function makeApp(raw: Record<string, unknown> = {}) {
  const h = await createHarness({ trusted: [] });
  const ctx = createHarnessContext(h, raw);
  return { h, ctx, app: createApp(ctx), claudeJson: join(h.home, '.claude.json') };
}

function summarize(results: readonly TrustOutcome[] | undefined): string[][] {
  return (results ?? []).map((r) => [r.project, r.outcome]);
}

describe('POST /api/projects/trust-all', () => {
  it('projectsRoutes() trust-all trusts every untrusted project once, audited', async () => {
    const { app, h, ctx, claudeJson } = await makeApp();
    const res = await app.request(PATH, POST);
    assert.equal(res.status, 200);
    const body = (await res.json()) as Answer;
    assert.deepEqual(summarize(body.results), [
      ['app', 'trusted'],
      ['repo', 'trusted'],
    ]);
    assert.deepEqual(
      body.projects?.map((p) => [p.name, p.trusted, p.trust_reason]),
      [
        ['app', true, 'granted'],
        ['repo', true, 'granted'],
      ],
    );
    const config = JSON.parse(await fs.readFile(claudeJson, 'utf8'));
    assert.equal(config.projects[h.app].hasTrustDialogAccepted, true);
    assert.equal(config.projects[h.repo].hasTrustDialogAccepted, true);
    assert.deepEqual(
      ctx.auditEntries.map((e) => [e.action, e.project ?? null, e.changed ?? null]),
      [
        ['project.trust', 'app', true],
        ['project.trust', 'repo', true],
        ['project.trust-all', null, null],
      ],
    );
    assert.deepEqual(ctx.auditEntries[2], {
      action: 'project.trust-all',
      trusted: ['app', 'repo'],
      failed: [],
      skipped: [],
    });

    // Nothing trusted twice: a second run finds nothing to do and leaves the file as it is.
    const before = await fs.readFile(claudeJson);
    const again = (await (await app.request(PATH, POST)).json()) as Answer;
    assert.deepEqual(again.results, []);
    assert.ok((await fs.readFile(claudeJson)).equals(before));
    assert.equal(ctx.auditEntries.filter((e) => e.action === 'project.trust').length, 2);
  });

  it('projectsRoutes() trust-all skips trusted projects and grants a git repo its own', async () => {
    const { app, h, ctx } = await makeApp();
    // A grant on projects_root covers the plain folder but not the git repository (2.1.232).
    await h.trust.setTrusted(h.projectsRoot);
    const body = (await (await app.request(PATH, POST)).json()) as Answer;
    assert.deepEqual(summarize(body.results), [['repo', 'trusted']]);
    assert.equal(body.projects?.find((p) => p.name === 'app')?.trust_reason, 'ancestor-granted');
    assert.equal(body.projects?.find((p) => p.name === 'repo')?.trust_reason, 'granted');
    assert.deepEqual(
      ctx.auditEntries.filter((e) => e.action === 'project.trust').map((e) => e.project),
      ['repo'],
    );
  });

  it('projectsRoutes() trust-all keeps a non-object .claude.json and answers 409 with outcomes', async () => {
    const { app, ctx, claudeJson } = await makeApp();
    await fs.writeFile(claudeJson, '["not", "an object"]');
    const res = await app.request(PATH, POST);
    assert.equal(res.status, 409);
    const body = (await res.json()) as Answer;
    assert.equal(body.error?.code, 'claude-config-invalid');
    assert.match(
      body.error?.message ?? '',
      /^trusted 0 of 2 projects; app: .*expected a JSON object/,
    );
    assert.deepEqual(summarize(body.error?.results), [
      ['app', 'failed'],
      ['repo', 'skipped'],
    ]);
    assert.equal(await fs.readFile(claudeJson, 'utf8'), '["not", "an object"]');
    assert.deepEqual(
      ctx.auditEntries.map((e) => e.action),
      ['project.trust-all'],
    );
    assert.deepEqual(ctx.auditEntries[0]?.failed, ['app']);
  });

  it('projectsRoutes() trust-all reports a partial failure: done grants stay, the rest is named', async () => {
    const h = await createHarness({ trusted: [] });
    const writer = {
      path: h.trust.path,
      setRemoteControlAcknowledged: () => h.trust.setRemoteControlAcknowledged(),
      async setTrusted(dir: string) {
        if (dir === h.repo) throw new TrustFileError('claude-config-busy', 'lock held (test)');
        return h.trust.setTrusted(dir);
      },
    };
    const ctx = createHarnessContext(h);
    const app = createApp({ ...ctx, trustWriter: writer });
    const res = await app.request(PATH, POST);
    assert.equal(res.status, 409);
    const body = (await res.json()) as Answer;
    assert.equal(body.error?.code, 'claude-config-busy');
    assert.equal(body.error?.message, 'trusted 1 of 2 projects; repo: lock held (test)');
    assert.deepEqual(summarize(body.error?.results), [
      ['app', 'trusted'],
      ['repo', 'failed'],
    ]);
    const { projects } = (await (await app.request('/api/projects')).json()) as Answer;
    assert.deepEqual(
      projects?.map((p) => [p.name, p.trusted]),
      [
        ['app', true],
        ['repo', false],
      ],
    );
  });

  it('projectsRoutes() trust-all trusts only the projects the confirmation listed', async () => {
    const { app, h } = await makeApp();
    const init = (body: string): RequestInit => ({
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body,
    });
    for (const bad of ['{"projects":"app"}', '{"projects":[1]}']) {
      const res = await app.request(PATH, init(bad));
      assert.equal(res.status, 400, bad);
      assert.equal(((await res.json()) as Answer).error?.code, 'bad-request');
    }
    const res = await app.request(PATH, init('{"projects":["repo","gone"]}'));
    assert.equal(res.status, 200);
    assert.deepEqual(summarize(((await res.json()) as Answer).results), [['repo', 'trusted']]);
    const config = JSON.parse(await fs.readFile(join(h.home, '.claude.json'), 'utf8'));
    assert.equal(config.projects[h.app]?.hasTrustDialogAccepted, undefined);
  });

  it('projectsRoutes() trust-all refuses a request without a session (401) and writes nothing', async () => {
    const { app, claudeJson } = await makeApp({ auth: await passwordAuthConfig() });
    const before = await fs.readFile(claudeJson);
    const res = await app.request(PATH, POST);
    assert.equal(res.status, 401);
    assert.ok((await fs.readFile(claudeJson)).equals(before));
  });

  for (const [title, headers] of [
    ['an opaque Origin', { origin: 'null' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['a cross-site fetch', { origin: ORIGIN, 'sec-fetch-site': 'cross-site' }],
  ] as const) {
    it(`projectsRoutes() trust-all refuses ${title} (403 bad-origin) and writes nothing`, async () => {
      const { app, ctx, claudeJson } = await makeApp();
      const before = await fs.readFile(claudeJson);
      const res = await app.request(PATH, { method: 'POST', headers });
      assert.equal(res.status, 403);
      assert.equal(((await res.json()) as Answer).error?.code, 'bad-origin');
      assert.ok((await fs.readFile(claudeJson)).equals(before));
      assert.deepEqual(ctx.auditEntries, []);
    });
  }
});
