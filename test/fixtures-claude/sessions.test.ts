import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { FAKE_CLAUDE_PATH, waitForFile } from '../support/fake-claude.js';
import { startFakeClaude, stopFakeClaude } from '../support/fake-claude-process.js';
import { type FakeClaudeSandbox, useFakeClaudeSandboxes } from '../support/fake-claude-sandbox.js';

const sandbox = useFakeClaudeSandboxes();
function bridge(box: FakeClaudeSandbox, argv: string[], env: Record<string, string>) {
  return startFakeClaude(['rc', ...argv], {
    cwd: box.project,
    env: box.env({ FAKE_CLAUDE_OUTPUT: 'plain', ...env }),
  });
}
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
function sessionPids(log: string): number[] {
  return [...log.matchAll(/\[bridge:session\] sessionId=session_\w+ pid=(\d+)\n/g)].map((m) =>
    Number(m[1]),
  );
}

describe('fake claude: work simulation', () => {
  it('claude rc spawns child sessions, counts capacity and refuses work at capacity', async () => {
    const box = await sandbox();
    const file = join(box.logs, 'work.log');
    const run = bridge(box, ['--capacity', '1', '--debug-file', file], {
      FAKE_CLAUDE_WORK: '100:800,300',
    });
    await run.waitForStdout(/Capacity: 1\/1 · /);
    const log = await waitForFile(file, 10_000, (t) => t.includes('At capacity (1/1)'));
    assert.match(
      log,
      /\[bridge:work\] At capacity \(1\/1\), cannot spawn new session for workId=work_01\w{22}\n/,
    );
    const [pid] = sessionPids(log);
    assert.ok(pid);
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    assert.match(
      cmdline,
      /\0--print\0--sdk-url\0wss:\/\/api\.anthropic\.com\/v1\/session_ingress\/ws\/session_\w+\0--session-id\0session_/,
    );
    const child = await waitForFile(
      join(box.logs, `work-${/--session-id\0(session_\w+)/.exec(cmdline)?.[1]}.log`),
      10_000,
    );
    assert.match(child, /\[sdk\] session session_\w+ connected/);
    await run.waitForStdout(/\[\d\d:\d\d:\d\d\] Session completed \(\d+s\) session_01\w{22}\n/);
    await run.waitForStdout(/Capacity: 0\/1 · [\s\S]*$/);
    assert.equal((await stopFakeClaude(run)).code, 0);
  });

  it('claude rc -v announces sessions and reports a failed one with its stderr tail', async () => {
    const box = await sandbox();
    const run = bridge(box, ['-v'], { FAKE_CLAUDE_WORK: '50:200:3' });
    await run.waitForStdout(/\] Session started: "[a-z0-9-]+" \(session_01\w{22}\)\n/);
    const failed = await run.waitForStdout(
      /\] Session failed: fake session ended with exit code 3 (session_01\w{22})\n/,
    );
    // -v without --debug-file: the session logs under $TMPDIR/claude-<uid>/
    const uid = process.getuid?.() ?? 0;
    const childLog = join(box.home, `claude-${uid}`, `bridge-session-${failed[1]}.log`);
    assert.match(await waitForFile(childLog, 10_000), /finished exit_code=3/);
    await stopFakeClaude(run);
  });

  it('claude rc SIGTERMs active sessions on shutdown and exits 0', async () => {
    const box = await sandbox();
    const file = join(box.logs, 'stop.log');
    const run = bridge(box, ['--debug-file', file], { FAKE_CLAUDE_WORK: '50,60' });
    await run.waitForStdout(/Capacity: 2\/32/);
    const pids = sessionPids(await readFile(file, 'utf8'));
    assert.equal(pids.length, 2);
    assert.equal((await stopFakeClaude(run)).code, 0);
    assert.match(run.stdout(), /\] Shutting down 2 active session\(s\)…\n/);
    for (const pid of pids) assert.equal(isAlive(pid), false);
    const log = await readFile(file, 'utf8');
    assert.match(log, /Sending SIGTERM to sessionId=session_/);
    assert.match(log, /interrupted signal=SIGTERM pid=/);
  });

  it('claude rc SIGKILLs a session that ignores SIGTERM after the grace period', async () => {
    const box = await sandbox();
    const file = join(box.logs, 'grace.log');
    const run = bridge(box, ['--debug-file', file], {
      FAKE_CLAUDE_WORK: '50',
      FAKE_CLAUDE_CHILD_IGNORE_SIGTERM: '1',
      FAKE_CLAUDE_SHUTDOWN_GRACE_MS: '300',
    });
    await run.waitForStdout(/Capacity: 1\/32/);
    const log = await waitForFile(file, 10_000, (t) => sessionPids(t).length === 1);
    const sessionId = /sessionId=(session_\w+) pid=/.exec(log)?.[1];
    // the child logs "connected" only after installing its SIGTERM handler
    await waitForFile(join(box.logs, `grace-${sessionId}.log`), 10_000, (t) =>
      t.includes('connected'),
    );
    const [pid] = sessionPids(log);
    assert.equal((await stopFakeClaude(run)).code, 0);
    assert.match(
      await readFile(file, 'utf8'),
      /Grace period over, sending SIGKILL to sessionId=session_/,
    );
    assert.equal(isAlive(pid ?? 0), false);
  });
});

describe('fake claude: ids', () => {
  it('mintEnvironmentId()/mintSessionId() never produce _staging_ or _local_', () => {
    const ids = join(dirname(FAKE_CLAUDE_PATH), 'fake-claude', 'ids.mjs');
    const script = `import { mintEnvironmentId, mintSessionId } from ${JSON.stringify(ids)};
      const out = [];
      for (let i = 0; i < 2000; i++) out.push(mintEnvironmentId(), mintSessionId());
      console.log(out.join('\\n'));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 4000);
    for (const id of lines) {
      assert.match(id, /^(env|session)_01[1-9A-HJ-NP-Za-km-z]{22}$/);
      assert.doesNotMatch(id, /_staging_|_local_/);
    }
  });
});
