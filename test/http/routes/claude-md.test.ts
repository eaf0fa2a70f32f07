import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, realpath, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import type { ClausterEvent } from '../../../src/events/bus.js';
import { createApp } from '../../../src/http/app.js';
import { MAX_CLAUDE_MD_BYTES } from '../../../src/projects/claude-md-text.js';
import { createNodeDeps } from '../../../src/system/node.js';
import { createTestContext } from '../../support/app-context.js';
import { passwordAuthConfig } from '../../support/auth-app.js';
import { prepareClaudeHome } from '../../support/fake-claude.js';
import { useTempDir } from '../../support/temp.js';

const ORIGIN = 'http://127.0.0.1:7621';
const URL_PATH = '/api/projects/demo/claude-md';
const home = useTempDir('clauster-claude-md-api-');
let dir: string;

type Answer = Record<string, unknown> & {
  error?: { code: string; message: string; current_sha256?: string | null };
};
const sha = (data: string) => createHash('sha256').update(data).digest('hex');

beforeEach(async () => {
  await mkdir(join(home.path, 'code', 'demo'), { recursive: true });
  dir = await realpath(join(home.path, 'code', 'demo'));
  await prepareClaudeHome(home.path, { trusted: [dir] });
});

function makeApp(raw: Record<string, unknown> = {}) {
  const ctx = createTestContext({
    home: home.path,
    raw: { projects_root: join(home.path, 'code'), ...raw },
    overrides: { deps: createNodeDeps({ HOME: home.path, PATH: process.env.PATH ?? '' }) },
  });
  const events: ClausterEvent[] = [];
  ctx.bus.subscribe((event) => events.push(event));
  return { ctx, events, app: createApp(ctx) };
}

type App = ReturnType<typeof createApp>;

async function get(app: App, path = URL_PATH) {
  const res = await app.request(path);
  return { status: res.status, answer: (await res.json()) as Answer };
}

async function put(app: App, body: unknown, headers: Record<string, string> = {}, path = URL_PATH) {
  const res = await app.request(path, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, answer: (await res.json()) as Answer };
}

describe('claudeMdRoutes()', () => {
  it('claudeMdRoutes() GET answers exists false, PUT creates, GET reads it back', async () => {
    const { app, ctx, events } = makeApp();
    assert.deepEqual(await get(app), { status: 200, answer: { exists: false } });
    const created = await put(app, { text: '# Rules\n', base_sha256: null });
    assert.deepEqual(created, { status: 200, answer: { sha256: sha('# Rules\n'), size: 8 } });
    const read = await get(app);
    assert.equal(read.answer.text, '# Rules\n');
    assert.equal(read.answer.sha256, sha('# Rules\n'));
    assert.equal(typeof read.answer.mtime, 'string');
    assert.deepEqual(ctx.auditEntries, [
      {
        action: 'project.claude-md',
        project: 'demo',
        path: dir,
        created: true,
        bytes_before: null,
        bytes_after: 8,
        sha256_before: null,
        sha256_after: sha('# Rules\n'),
      },
    ]);
    assert.equal(events.filter((e) => e.type === 'projects-changed').length, 1);
  });

  it('claudeMdRoutes() PUT replaces on a matching base, audits sizes, publishes nothing', async () => {
    await writeFile(join(dir, 'CLAUDE.md'), 'old\n');
    const { app, ctx, events } = makeApp();
    const { status } = await put(app, { text: 'newer\n', base_sha256: sha('old\n') });
    assert.equal(status, 200);
    assert.equal(await readFile(join(dir, 'CLAUDE.md'), 'utf8'), 'newer\n');
    assert.equal(ctx.auditEntries[0]?.bytes_before, 4);
    assert.equal(ctx.auditEntries[0]?.sha256_before, sha('old\n'));
    assert.ok(!JSON.stringify(ctx.auditEntries).includes('newer'));
    assert.deepEqual(events, []);
  });

  it('claudeMdRoutes() PUT answers 409 claude-md-conflict with the current sha256', async () => {
    await writeFile(join(dir, 'CLAUDE.md'), 'theirs\n');
    const { app, ctx } = makeApp();
    for (const base of [null, sha('old\n')]) {
      const { status, answer } = await put(app, { text: 'mine\n', base_sha256: base });
      assert.equal(status, 409);
      assert.equal(answer.error?.code, 'claude-md-conflict');
      assert.equal(answer.error?.current_sha256, sha('theirs\n'));
    }
    assert.equal(await readFile(join(dir, 'CLAUDE.md'), 'utf8'), 'theirs\n');
    assert.deepEqual(ctx.auditEntries, []);
  });

  it('claudeMdRoutes() PUT answers 409 untrusted for a project claude does not trust', async () => {
    await prepareClaudeHome(home.path, { trusted: [] });
    const { status, answer } = await put(makeApp().app, { text: 'x', base_sha256: null });
    assert.equal(status, 409);
    assert.equal(answer.error?.code, 'untrusted');
    assert.deepEqual(await readdir(dir), []);
  });

  it('claudeMdRoutes() PUT takes 256 KiB that JSON-escapes to twice its size', async () => {
    const text = '"'.repeat(MAX_CLAUDE_MD_BYTES);
    const { status, answer } = await put(makeApp().app, { text, base_sha256: null });
    assert.equal(status, 200);
    assert.equal(answer.size, MAX_CLAUDE_MD_BYTES);
  });

  const REFUSED: [string, unknown, number, string, RegExp][] = [
    [
      'text over 256 KiB',
      { text: 'x'.repeat(MAX_CLAUDE_MD_BYTES + 1), base_sha256: null },
      413,
      'too-large',
      /262145/,
    ],
    [
      'a control character',
      { text: 'ok\u0007', base_sha256: null },
      422,
      'not-text',
      /0x07 at byte offset 2/,
    ],
    [
      'an unknown field',
      { text: 'x', base_sha256: null, force: true },
      422,
      'invalid-option',
      /"force": unknown field/,
    ],
    [
      'a missing base_sha256',
      { text: 'x' },
      422,
      'invalid-option',
      /base_sha256: expected .* got nothing/,
    ],
    [
      'a malformed base_sha256',
      { text: 'x', base_sha256: 'abc' },
      422,
      'invalid-option',
      /base_sha256/,
    ],
    [
      'a text that is not a string',
      { text: 1, base_sha256: null },
      422,
      'invalid-option',
      /text: expected a string/,
    ],
  ];
  for (const [title, body, code, errorCode, message] of REFUSED) {
    it(`claudeMdRoutes() PUT refuses ${title} with ${code}`, async () => {
      const { status, answer } = await put(makeApp().app, body);
      assert.equal(status, code);
      assert.equal(answer.error?.code, errorCode);
      assert.match(answer.error?.message ?? '', message);
      assert.deepEqual(await readdir(dir), []);
    });
  }

  it('claudeMdRoutes() GET refuses a symlink (409) and invalid UTF-8 (422)', async () => {
    const { app } = makeApp();
    await writeFile(join(home.path, 'secret.txt'), 'outside');
    await symlink(join(home.path, 'secret.txt'), join(dir, 'CLAUDE.md'));
    const linked = await get(app);
    assert.equal(linked.status, 409);
    assert.equal(linked.answer.error?.code, 'not-regular-file');
    assert.ok(!JSON.stringify(linked.answer).includes('outside'));
    await mkdir(join(home.path, 'code', 'other'));
    await writeFile(join(home.path, 'code', 'other', 'CLAUDE.md'), Buffer.from([0xc3, 0x28]));
    const binary = await get(app, '/api/projects/other/claude-md');
    assert.equal(binary.status, 422);
    assert.equal(binary.answer.error?.code, 'not-text');
  });

  it('claudeMdRoutes() answers 404 for an unknown or escaping project name', async () => {
    const { app } = makeApp();
    for (const name of ['missing', '..', '.hidden', '%2e%2e']) {
      const path = `/api/projects/${name}/claude-md`;
      assert.equal((await get(app, path)).status, 404, name);
      assert.equal((await put(app, { text: 'x', base_sha256: null }, {}, path)).status, 404, name);
      // The project is checked before the body: a bad body does not turn 404 into 422.
      assert.equal((await put(app, { nope: 1 }, {}, path)).status, 404, name);
    }
  });

  it('claudeMdRoutes() refuses a cross-origin PUT (403) and writes nothing', async () => {
    const { app, ctx } = makeApp();
    const refused: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of refused) {
      const { status, answer } = await put(app, { text: 'x', base_sha256: null }, headers);
      assert.equal(status, 403);
      assert.equal(answer.error?.code, 'bad-origin');
    }
    assert.deepEqual(await readdir(dir), []);
    assert.deepEqual(ctx.auditEntries, []);
  });

  it('claudeMdRoutes() refuses GET and PUT without a session (401) when a password is set', async () => {
    await writeFile(join(dir, 'CLAUDE.md'), 'private\n');
    const { app } = makeApp({ auth: await passwordAuthConfig() });
    await mkdir(join(home.path, '.clauster'), { recursive: true, mode: 0o700 });
    const read = await get(app);
    assert.equal(read.status, 401);
    assert.ok(!JSON.stringify(read.answer).includes('private'));
    assert.equal((await put(app, { text: 'x', base_sha256: sha('private\n') })).status, 401);
    assert.equal(await readFile(join(dir, 'CLAUDE.md'), 'utf8'), 'private\n');
  });
});
