import assert from 'node:assert/strict';
import { appendFile, mkdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createApp } from '../../../src/http/app.js';
import { createTestContext } from '../../support/app-context.js';
import { passwordAuthConfig } from '../../support/auth-app.js';
import { buildFakeSecrets } from '../../support/fake-secrets.js';
import { useTempDir } from '../../support/temp.js';
import { writeTranscript } from '../../support/transcript-lines.js';

const tmp = useTempDir('clauster-transcripts-route-');
const ID = '00000000-0000-4000-8000-0000000000aa';
const BASE = '/api/projects/app/transcripts';

type Answer = Record<string, unknown> & { error?: { code: string; message: string } };

function turn(type: string, content: unknown): string {
  const timestamp = '2026-03-01T10:00:00.000Z';
  return JSON.stringify({ type, timestamp, message: { role: type, content } });
}

async function makeApp(raw: Record<string, unknown> = {}) {
  const home = await realpath(tmp.path);
  const root = join(home, 'projects');
  await mkdir(join(root, 'app'), { recursive: true });
  const ctx = createTestContext({ home, raw: { projects_root: root, ...raw } });
  const write = (lines: readonly string[]) =>
    writeTranscript(home, join(root, 'app'), `${ID}.jsonl`, lines);
  return { app: createApp(ctx), write, home };
}

async function get(app: ReturnType<typeof createApp>, path: string) {
  const res = await app.request(path);
  const text = await res.text();
  return { status: res.status, text, answer: JSON.parse(text) as Answer };
}

describe('transcriptsRoutes()', () => {
  it('transcriptsRoutes() lists, reads and tails a conversation, with secrets redacted', async () => {
    const { app, write } = await makeApp();
    const secrets = buildFakeSecrets().filter((s) => !s.shape.startsWith('uuid'));
    const path = await write(
      secrets.flatMap((secret) => [
        turn('user', `use ${secret.text}`),
        turn('assistant', [{ type: 'tool_use', name: 'Bash', input: { cmd: secret.text } }]),
        turn('user', [{ type: 'tool_result', tool_use_id: 't', content: `got ${secret.text}` }]),
      ]),
    );
    const list = await get(app, BASE);
    assert.equal(list.status, 200);
    const entries = list.answer.conversations as Array<{ session_id: string; turns: number }>;
    assert.deepEqual(
      entries.map((e) => [e.session_id, e.turns]),
      [[ID, secrets.length * 3]],
    );
    const read = await get(app, `${BASE}/${ID}`);
    assert.equal(read.status, 200);
    assert.equal((read.answer.turns as unknown[]).length, secrets.length * 3);
    assert.deepEqual([read.answer.truncated, read.answer.skipped_lines], [0, 0]);
    for (const secret of secrets) {
      for (const body of [list.text, read.text]) {
        assert.ok(!body.includes(secret.hidden), `${secret.shape} leaked`);
      }
    }
    await appendFile(path, `${turn('assistant', 'the end')}\n`);
    const total = read.answer.total as number;
    const tail = await get(app, `${BASE}/${ID}/tail?after=${total - 1}`);
    assert.equal(tail.status, 200);
    assert.deepEqual(
      (tail.answer.turns as Array<{ index: number; text: string }>).map((t) => [t.index, t.text]),
      [[total, 'the end']],
    );
  });

  it('transcriptsRoutes() refuses malformed session ids and options with 422', async () => {
    const { app } = await makeApp();
    for (const session of ['..%2Fx', '..%2F..%2Fetc', 'x', `${ID}.jsonl`, '%2Fetc%2Fpasswd']) {
      const read = await get(app, `${BASE}/${session}`);
      assert.equal(read.status, 422, session);
      assert.equal(read.answer.error?.code, 'invalid-session-id');
    }
    const sort = await get(app, `${BASE}?sort=sideways`);
    assert.equal(sort.status, 422);
    assert.match(sort.answer.error?.message ?? '', /sort: expected/);
    const after = await get(app, `${BASE}/${ID}/tail?after=abc`);
    assert.equal(after.status, 422);
    assert.equal(after.answer.error?.code, 'invalid-option');
  });

  it('transcriptsRoutes() answers 404 for an unknown project or conversation', async () => {
    const { app } = await makeApp();
    const project = await get(app, `/api/projects/nope/transcripts/${ID}`);
    assert.equal(project.status, 404);
    assert.equal(project.answer.error?.code, 'unknown-project');
    assert.equal((await get(app, '/api/projects/nope/transcripts')).status, 404);
    const missing = await get(app, `${BASE}/${ID}`);
    assert.equal(missing.status, 404);
    assert.equal(missing.answer.error?.code, 'unknown-conversation');
    const empty = await get(app, BASE);
    assert.deepEqual(empty.answer.conversations, []);
  });

  it('transcriptsRoutes() answers 401 without a session when a password is set', async () => {
    const { app, write, home } = await makeApp({ auth: await passwordAuthConfig() });
    await mkdir(join(home, '.clauster'), { recursive: true, mode: 0o700 });
    await write([turn('user', 'private words')]);
    for (const path of [BASE, `${BASE}/${ID}`, `${BASE}/${ID}/tail?after=0`]) {
      const res = await get(app, path);
      assert.equal(res.status, 401, path);
      assert.ok(!res.text.includes('private words'));
    }
  });
});
