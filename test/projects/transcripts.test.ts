import assert from 'node:assert/strict';
import { appendFile, mkdir, realpath, symlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { toPointerKey } from '../../src/claude/bridge-pointer.js';
import { createTranscriptCaches, MAX_TURNS } from '../../src/projects/transcript-folds.js';
import {
  listConversations,
  readConversation,
  type ViewerDeps,
} from '../../src/projects/transcripts.js';
import type { Fs } from '../../src/system/ports.js';
import { createCountingFs } from '../support/counting-fs.js';
import { buildFakeSecrets } from '../support/fake-secrets.js';
import { useTempDir } from '../support/temp.js';
import { writeTranscript } from '../support/transcript-lines.js';

const tmp = useTempDir('clauster-transcripts-');
const ID_A = '00000000-0000-4000-8000-00000000000a';
const ID_B = '00000000-0000-4000-8000-00000000000b';
const ID_C = '00000000-0000-4000-8000-00000000000c';

function turn(type: string, content: unknown, extra: Record<string, unknown> = {}): string {
  const timestamp = '2026-03-01T10:00:00.000Z';
  return JSON.stringify({ type, timestamp, message: { role: type, content }, ...extra });
}

async function setup(options: { maxLineBytes?: number } = {}) {
  const home = await realpath(tmp.path);
  const project = join(home, 'projects', 'app');
  await mkdir(project, { recursive: true });
  const fs = createCountingFs().fs;
  const caches = createTranscriptCaches(options);
  const deps: ViewerDeps = { fs, env: {}, home, caches };
  const write = (file: string, lines: readonly string[]) =>
    writeTranscript(home, project, file, lines);
  return { deps, write, dirs: [project] };
}

async function setTime(path: string, iso: string): Promise<void> {
  const time = new Date(iso);
  await utimes(path, time, time);
}

describe('listConversations()', () => {
  it('listConversations() lists main conversations with titles, sorted and searched', async () => {
    const { deps, write, dirs } = await setup();
    const a = await write(`${ID_A}.jsonl`, [
      JSON.stringify({ type: 'summary', summary: 'Fix the flaky CI job' }),
      turn('user', 'please fix CI', { timestamp: '2026-01-01T00:00:00.000Z' }),
      turn('assistant', [{ type: 'text', text: 'done' }]),
    ]);
    const b = await write(`${ID_B}.jsonl`, [
      turn('user', `  Add a README ${'x'.repeat(300)}`, { timestamp: '2026-02-01T00:00:00.000Z' }),
    ]);
    await setTime(a, '2026-03-05T00:00:00.000Z');
    await setTime(b, '2026-03-04T00:00:00.000Z');
    const list = await listConversations(dirs, { sort: 'updated', query: '' }, deps);
    assert.deepEqual(
      list.conversations.map((c) => [c.session_id, c.turns, c.started_at]),
      [
        [ID_A, 3, '2026-01-01T00:00:00.000Z'],
        [ID_B, 1, '2026-02-01T00:00:00.000Z'],
      ],
    );
    assert.equal(list.conversations[0]?.title, 'Fix the flaky CI job');
    assert.equal(list.conversations[1]?.title.startsWith('Add a README x'), true);
    assert.equal(list.conversations[1]?.title.length, 120 + ' …[cut]'.length);
    assert.equal(list.conversations[0]?.updated_at, '2026-03-05T00:00:00.000Z');
    const started = await listConversations(dirs, { sort: 'started', query: '' }, deps);
    assert.deepEqual(
      started.conversations.map((c) => c.session_id),
      [ID_B, ID_A],
    );
    const found = await listConversations(dirs, { sort: 'updated', query: 'flaky ci' }, deps);
    assert.deepEqual(
      found.conversations.map((c) => c.session_id),
      [ID_A],
    );
    assert.equal(found.total, 1);
  });

  it('listConversations() leaves out sidechain-only files, subagents and other names', async () => {
    const { deps, write, dirs } = await setup();
    await write(`${ID_A}.jsonl`, [turn('user', 'main')]);
    await write(`${ID_B}.jsonl`, [turn('user', 'side', { isSidechain: true })]);
    await write(`${ID_A}/subagents/${ID_C}.jsonl`, [turn('user', 'sub')]);
    await write(`agent-${ID_C}.jsonl`, [turn('user', 'old agent file')]);
    await write('notes.jsonl', [turn('user', 'not a session')]);
    const list = await listConversations(dirs, { sort: 'updated', query: '' }, deps);
    assert.deepEqual(
      list.conversations.map((c) => c.session_id),
      [ID_A],
    );
  });

  it('listConversations() searches the redacted title, never the raw secret', async () => {
    const { deps, write, dirs } = await setup();
    const secret = buildFakeSecrets().find((s) => s.shape === 'github classic');
    assert.ok(secret);
    await write(`${ID_A}.jsonl`, [turn('user', `token ${secret.text}`)]);
    const list = await listConversations(dirs, { sort: 'updated', query: '' }, deps);
    assert.equal(list.conversations[0]?.title, 'token ghp_<redacted>');
    const hit = await listConversations(dirs, { sort: 'updated', query: secret.hidden }, deps);
    assert.equal(hit.total, 0);
  });
});

describe('readConversation()', () => {
  it('readConversation() renders the main turns and counts garbled lines', async () => {
    const { deps, write, dirs } = await setup();
    await write(`${ID_A}.jsonl`, [
      turn('user', 'hi'),
      '{"type":',
      turn('assistant', 'sub-agent turn', { isSidechain: true }),
      turn('assistant', [{ type: 'text', text: 'hello' }]),
    ]);
    const read = await readConversation(dirs, { sessionId: ID_A }, deps);
    assert.ok(read.ok);
    assert.deepEqual(
      read.value.turns.map((t) => [t.index, t.role, t.text]),
      [
        [0, 'user', 'hi'],
        [1, 'assistant', 'hello'],
      ],
    );
    assert.equal(read.value.skipped_lines, 1);
    assert.equal(read.value.truncated, 0);
  });

  it('readConversation() keeps the last 500 turns, and the tail gives only new ones', async () => {
    const { deps, write, dirs } = await setup();
    const lines = Array.from({ length: 620 }, (_, i) => turn('user', `turn ${i}`));
    const path = await write(`${ID_A}.jsonl`, lines);
    const read = await readConversation(dirs, { sessionId: ID_A }, deps);
    assert.ok(read.ok);
    assert.equal(read.value.turns.length, MAX_TURNS);
    assert.equal(read.value.truncated, 120);
    assert.equal(read.value.turns[0]?.text, 'turn 120');
    assert.equal(read.value.total, 620);
    await appendFile(path, `${turn('assistant', 'fresh')}\n`);
    const tail = await readConversation(dirs, { sessionId: ID_A, after: 619 }, deps);
    assert.ok(tail.ok);
    assert.deepEqual(
      tail.value.turns.map((t) => [t.index, t.text]),
      [[620, 'fresh']],
    );
  });

  it('readConversation() skips and counts a line over the line cap', async () => {
    const { deps, write, dirs } = await setup({ maxLineBytes: 1000 });
    await write(`${ID_A}.jsonl`, [turn('user', 'y'.repeat(5000)), turn('user', 'short')]);
    const read = await readConversation(dirs, { sessionId: ID_A }, deps);
    assert.ok(read.ok);
    assert.deepEqual(
      read.value.turns.map((t) => t.text),
      ['short'],
    );
    assert.equal(read.value.skipped_lines, 1);
  });

  it('readConversation() refuses a malformed id before touching the disk', async () => {
    const { deps, dirs } = await setup();
    const touched: string[] = [];
    const fs = new Proxy(deps.fs, {
      get: (target, key: string) => {
        touched.push(key);
        return target[key as keyof Fs];
      },
    });
    for (const id of ['../x', `${ID_A}/../../etc`, ID_A.toUpperCase(), '', `${ID_A}.jsonl`]) {
      const read = await readConversation(dirs, { sessionId: id }, { ...deps, fs });
      assert.equal(read.ok ? 'ok' : read.code, 'invalid-session-id', id);
    }
    assert.deepEqual(touched, []);
  });

  it('readConversation() refuses a symlink named like a session and an unknown id', async () => {
    const { deps, write, dirs } = await setup();
    const real = await write(`${ID_A}.jsonl`, [turn('user', 'private')]);
    await symlink(real, join(real, '..', `${ID_B}.jsonl`));
    const link = await readConversation(dirs, { sessionId: ID_B }, deps);
    assert.equal(link.ok ? 'ok' : link.code, 'unknown-conversation');
    const none = await readConversation(dirs, { sessionId: ID_C }, deps);
    assert.equal(none.ok ? 'ok' : none.code, 'unknown-conversation');
    const list = await listConversations(dirs, { sort: 'updated', query: '' }, deps);
    assert.deepEqual(
      list.conversations.map((c) => c.session_id),
      [ID_A],
    );
  });

  it('listConversations() and readConversation() never follow a symlinked key folder', async () => {
    const { deps, dirs } = await setup();
    const home = await realpath(tmp.path);
    const outside = await writeTranscript(home, '/elsewhere', `${ID_A}.jsonl`, [
      turn('user', 'not this project'),
    ]);
    const folder = join(home, '.claude', 'projects', toPointerKey(dirs[0] as string));
    await symlink(join(outside, '..'), folder);
    const list = await listConversations(dirs, { sort: 'updated', query: '' }, deps);
    assert.deepEqual(list.conversations, []);
    const read = await readConversation(dirs, { sessionId: ID_A }, deps);
    assert.equal(read.ok ? 'ok' : read.code, 'unknown-conversation');
  });
});
