import assert from 'node:assert/strict';
import { readlinkSync } from 'node:fs';
import { readFile, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  readPointer,
  readServerState,
  resolvePointerPath,
  waitFor,
  waitForFile,
} from '../support/fake-claude.js';
import { startFakeClaude, stopFakeClaude } from '../support/fake-claude-process.js';
import { type FakeClaudeSandbox, useFakeClaudeSandboxes } from '../support/fake-claude-sandbox.js';

const URL_RE = /https:\/\/claude\.ai\/code(\/session_[A-Za-z0-9]+|\?environment=env_[A-Za-z0-9]+)/;
const ENV_URL_RE = /https:\/\/claude\.ai\/code\?environment=(env_[A-Za-z0-9]+)/;
const ENV_ID_RE = /^env_01[1-9A-HJ-NP-Za-km-z]{22}$/;
const SESSION_ID_RE = /^session_01[1-9A-HJ-NP-Za-km-z]{22}$/;
const ESC = '\x1b';
const PRESERVED =
  'Environment preserved. Restart `claude remote-control` to reconnect existing sessions.';

const sandbox = useFakeClaudeSandboxes();
function bridge(box: FakeClaudeSandbox, argv: string[] = [], env: Record<string, string> = {}) {
  return startFakeClaude(['remote-control', ...argv], { cwd: box.project, env: box.env(env) });
}
async function envIdOf(run: ReturnType<typeof bridge>): Promise<string> {
  const match = await run.waitForStdout(ENV_URL_RE);
  return match[1] ?? '';
}

describe('fake claude: registration and stdout', () => {
  it('claude rc prints nothing while registering, then the escapes-mode status block', async () => {
    const box = await sandbox();
    const run = bridge(box, [], { FAKE_CLAUDE_REGISTER_DELAY_MS: '700' });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(run.stdout(), '');
    await run.waitForStdout(URL_RE);
    const out = run.stdout();
    assert.match(out, new RegExp(`${ESC}\\[\\d+A${ESC}\\[J`), 'redraws in place');
    const osc8 = `${ESC}]8;;https://claude.ai/code?environment=`;
    assert.ok(out.includes(osc8), 'OSC-8 link');
    assert.ok(out.includes(`${ESC}[32m`), 'coloured label');
    assert.match(out, /·\|· Connecting · project · HEAD/);
    assert.match(out, /Capacity: 0\/32 · New sessions will be created in the current directory/);
    assert.match(out, /Continue coding in the Claude mobile app or /);
    assert.equal((await stopFakeClaude(run)).code, 0);
  });

  it('claude rc in plain mode prints the same URL with no escape sequences', async () => {
    const box = await sandbox();
    const run = bridge(box, ['-v'], { FAKE_CLAUDE_OUTPUT: 'plain' });
    const envId = await envIdOf(run);
    assert.match(envId, ENV_ID_RE);
    const exit = await stopFakeClaude(run, 'SIGINT');
    assert.equal(exit.code, 0);
    const out = run.stdout();
    assert.equal(out.includes(ESC), false);
    assert.match(
      out,
      /^Remote Control v2\.1\.197\nSpawn mode: same-dir\nMax concurrent sessions: 32\n/,
    );
    assert.match(out, new RegExp(`Environment ID: ${envId}\n`));
    assert.match(
      out,
      new RegExp(`\\[\\d\\d:\\d\\d:\\d\\d\\] ${PRESERVED.replace(/[.`]/g, '\\$&')}\n`),
    );
  });

  it('claude rc --no-create-session-in-dir shows Ready, writes no pointer and deregisters on exit', async () => {
    const box = await sandbox();
    const run = bridge(box, ['--no-create-session-in-dir', '-v'], { FAKE_CLAUDE_OUTPUT: 'plain' });
    const envId = await envIdOf(run);
    assert.match(run.stdout(), /·✔︎· Ready · project · HEAD\n/);
    assert.match(run.stdout(), /Code anywhere with the Claude mobile app or https/);
    assert.deepEqual(
      (await readServerState(box.serverState)).map((e) => e.id),
      [envId],
    );
    assert.equal((await stopFakeClaude(run)).code, 0);
    assert.match(run.stdout(), /\] Environment offline\.\n/);
    assert.doesNotMatch(run.stdout(), /Environment preserved/);
    assert.equal(await readPointer(box.home, box.project), null);
    assert.deepEqual(await readServerState(box.serverState), []);
  });

  it('claude rc --spawn session switches to the session URL once attached, then exits 0', async () => {
    const box = await sandbox();
    const run = bridge(box, ['--spawn', 'session'], {
      FAKE_CLAUDE_OUTPUT: 'plain',
      FAKE_CLAUDE_WORK: '200:400',
    });
    await run.waitForStdout(/Single session · exits when complete/);
    const attached = await run.waitForStdout(
      /or https:\/\/claude\.ai\/code\/(session_[A-Za-z0-9]+)\n/,
    );
    const exit = await run.exited;
    assert.equal(exit.code, 0);
    assert.match(run.stdout(), new RegExp(`Session completed \\(\\d+s\\) ${attached[1]}`));
    assert.equal(await readPointer(box.home, box.project), null, 'single-session end deregisters');
  });
});

describe('fake claude: debug file, pointer and server state', () => {
  it('claude rc --debug-file writes the §5.2 markers and a latest symlink', async () => {
    const box = await sandbox();
    const file = join(box.logs, 'bridge.log');
    const run = bridge(box, ['--debug-file', file], { FAKE_CLAUDE_POLL_MS: '10' });
    const envId = await envIdOf(run);
    const text = await waitForFile(file, 15_000, (t) => t.includes('(no work, 100 consecutive'));
    const line = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \[(DEBUG|INFO|WARN|ERROR)\] .+$/;
    for (const l of text.trimEnd().split('\n')) assert.match(l, line);
    assert.match(
      text,
      new RegExp(`\\[bridge:api\\] POST /v1/environments/bridge -> 200 environment_id=${envId}\n`),
    );
    assert.match(
      text,
      /\[bridge:work\] Starting poll loop spawnMode=same-dir maxSessions=32 environmentId=env_/,
    );
    assert.match(text, /\(no work, 1 consecutive empty polls\)\n/);
    assert.doesNotMatch(text, /\(no work, (2|50|99) consecutive/);
    assert.equal(readlinkSync(join(box.logs, 'latest')), file);
    await stopFakeClaude(run);
    const final = await readFile(file, 'utf8');
    assert.match(final, /\[bridge:shutdown\] SIGTERM received, shutting down\n/);
    assert.match(final, /Skipping archive\+deregister to allow resume/);
  });

  it('claude rc writes the pointer, preserves it on SIGTERM, and the next run reuses the env', async () => {
    const box = await sandbox();
    const first = bridge(box);
    const envId = await envIdOf(first);
    const pointer = await readPointer(box.home, box.project);
    assert.ok(pointer);
    assert.equal(pointer.environmentId, envId);
    assert.match(pointer.sessionId ?? '', SESSION_ID_RE);
    assert.equal(pointer.source, 'standalone');
    assert.equal(pointer.pid, first.pid);
    assert.match(pointer.procStart, /^\d+$/);
    assert.match(
      resolvePointerPath(box.home, box.project),
      /\/\.claude\/projects\/-[A-Za-z0-9-]+\/bridge-pointer\.json$/,
    );
    assert.equal((await stopFakeClaude(first)).code, 0);
    assert.match(first.stdout(), /Environment preserved\. Restart/);
    assert.equal((await readPointer(box.home, box.project))?.environmentId, envId);
    const ghost = await readServerState(box.serverState);
    assert.deepEqual(
      ghost.map((e) => [e.id, e.status, e.type, e.directory]),
      [[envId, 'disconnected', 'bridge', box.project]],
    );

    const second = bridge(box);
    assert.equal(await envIdOf(second), envId);
    await stopFakeClaude(second);
  });

  it('claude rc registers a fresh env when the pointer is stale or the env expired', async () => {
    const box = await sandbox();
    const first = bridge(box);
    const envId = await envIdOf(first);
    await stopFakeClaude(first);
    const path = resolvePointerPath(box.home, box.project);
    const old = new Date(Date.now() - 5 * 3600_000);
    await utimes(path, old, old);
    const stale = bridge(box);
    assert.notEqual(await envIdOf(stale), envId);
    await stopFakeClaude(stale);

    const expired = bridge(box, [], { FAKE_CLAUDE_REUSE_EXPIRED: '1' });
    await envIdOf(expired);
    assert.match(
      expired.stderr(),
      /^Warning: Could not reuse the previous environment — it has expired\./,
    );
    await stopFakeClaude(expired);
  });

  it('claude rc beside a live bridge in the same dir registers a new env and leaves the pointer alone', async () => {
    const box = await sandbox();
    const first = bridge(box);
    const firstEnv = await envIdOf(first);
    const second = bridge(box, ['-v'], { FAKE_CLAUDE_OUTPUT: 'plain' });
    const secondEnv = await envIdOf(second);
    assert.notEqual(secondEnv, firstEnv);
    assert.equal((await readPointer(box.home, box.project))?.pid, first.pid);
    await stopFakeClaude(second);
    assert.match(second.stdout(), /Environment offline\./);
    assert.equal((await readPointer(box.home, box.project))?.environmentId, firstEnv);
    assert.deepEqual(
      (await readServerState(box.serverState)).map((e) => e.id),
      [firstEnv],
    );
    await stopFakeClaude(first);
  });

  it('claude rc touches the debug file every FAKE_CLAUDE_TOUCH_MS', async () => {
    const box = await sandbox();
    const file = join(box.logs, 'touch.log');
    const run = bridge(box, ['--debug-file', file], {
      FAKE_CLAUDE_TOUCH_MS: '100',
      FAKE_CLAUDE_POLL_MS: '100000',
    });
    await envIdOf(run);
    const old = new Date(Date.now() - 60_000);
    await utimes(file, old, old);
    await waitFor(async () => (await stat(file)).mtimeMs > Date.now() - 30_000, 10_000);
    await stopFakeClaude(run);
  });
});
