import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readClaudeJson } from '../support/fake-claude.js';
import {
  runFakeClaude,
  startFakeClaude,
  staysAlive,
  stopFakeClaude,
} from '../support/fake-claude-process.js';
import {
  type FakeClaudeSandbox,
  PASSED_GATES,
  REACH_REGISTRATION,
  useFakeClaudeSandboxes,
} from '../support/fake-claude-sandbox.js';

const INTRO =
  '\nTake this session with you and pick up right where you left off on any device.\n' +
  'Open the Code tab in the Claude mobile app, or visit claude.ai/code in a browser.\n\n' +
  'The session keeps running on this machine. Use your other devices as a remote\n' +
  'control. Press Ctrl+C to stop.\n\nEnable Remote Control? (y/n) ';
const createSandbox = useFakeClaudeSandboxes();
async function sandbox(...args: Parameters<typeof createSandbox>) {
  const box = await createSandbox(...args);
  // an unknown key that every rewrite must keep
  const config = await readClaudeJson(box.home);
  await writeFile(join(box.home, '.claude.json'), JSON.stringify({ ...config, keepMe: { n: 1 } }));
  return box;
}
function answer(box: FakeClaudeSandbox, input: string, argv: string[] = [], env = {}) {
  const run = startFakeClaude(['rc', ...argv], {
    cwd: box.project,
    env: box.env({ ...REACH_REGISTRATION, ...env }),
    stdin: 'pipe',
  });
  run.child.stdin?.end(input);
  return run;
}

describe('fake claude: consent prompt (§3.1)', () => {
  it('claude rc with stdin at EOF prints the prompt, exits 0 and writes nothing', async () => {
    const box = await sandbox({ remoteDialogSeen: false });
    const before = await readFile(join(box.home, '.claude.json'));
    const r = await runFakeClaude(['rc'], { cwd: box.project, env: box.env(REACH_REGISTRATION) });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, INTRO);
    assert.equal(r.stderr, '');
    assert.deepEqual(await readFile(join(box.home, '.claude.json')), before);
    assert.equal(existsSync(join(box.home, '.claude', 'backups')), false);
  });

  for (const input of ['y\n', 'yes\n', 'Y\n', 'YES']) {
    it(`claude rc answered ${JSON.stringify(input)} writes remoteDialogSeen and continues`, async () => {
      const box = await sandbox({ remoteDialogSeen: false });
      const before = await readFile(join(box.home, '.claude.json'), 'utf8');
      const run = answer(box, input);
      const exit = await run.exited;
      assert.equal(run.stderr(), PASSED_GATES);
      assert.equal(exit.code, 1);
      const config = await readClaudeJson(box.home);
      assert.equal(config.remoteDialogSeen, true);
      assert.deepEqual(config.keepMe, { n: 1 });
      const backups = await readdir(join(box.home, '.claude', 'backups'));
      assert.equal(backups.length, 1);
      assert.match(backups[0] ?? '', /^\.claude\.json\.backup\.\d+$/);
      const saved = await readFile(join(box.home, '.claude', 'backups', backups[0] ?? ''), 'utf8');
      assert.equal(saved, before);
    });
  }

  it('claude rc answered "n" writes remoteDialogSeen anyway and exits 0', async () => {
    const box = await sandbox({ remoteDialogSeen: false });
    const run = answer(box, 'n\n');
    const exit = await run.exited;
    assert.equal(exit.code, 0);
    assert.equal(run.stderr(), '');
    assert.equal((await readClaudeJson(box.home)).remoteDialogSeen, true);
  });

  it('claude rc with an open silent stdin blocks at the prompt', async () => {
    const box = await sandbox({ remoteDialogSeen: false });
    const run = startFakeClaude(['rc'], { cwd: box.project, env: box.env(), stdin: 'pipe' });
    await run.waitForStdout(/Enable Remote Control\? \(y\/n\) $/);
    assert.equal(await staysAlive(run, 600), true);
    assert.equal((await stopFakeClaude(run)).signal, 'SIGTERM');
    assert.equal((await readClaudeJson(box.home)).remoteDialogSeen, false);
  });

  it('claude rc skips the prompt when remoteDialogSeen is true', async () => {
    const box = await sandbox();
    const r = await runFakeClaude(['rc'], { cwd: box.project, env: box.env(REACH_REGISTRATION) });
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, PASSED_GATES);
  });
});

describe('fake claude: spawn-mode prompt (gate #10)', () => {
  async function gitSandbox() {
    const box = await sandbox();
    await mkdir(join(box.project, '.git'));
    return box;
  }

  it('claude rc in a git repo on a TTY asks and saves the choice', async () => {
    const box = await gitSandbox();
    const run = answer(box, '2\n', [], { FAKE_CLAUDE_ASSUME_TTY: '1' });
    await run.exited;
    assert.match(
      run.stdout(),
      /^Spawn mode for this project:\n {2}\[1\] same-dir — .*\n {2}\[2\] worktree — .*\nChoose \[1\/2\] \(default: 1\): $/,
    );
    assert.equal(run.stderr(), PASSED_GATES);
    const projects = (await readClaudeJson(box.home)).projects as Record<
      string,
      Record<string, unknown>
    >;
    assert.equal(projects[box.project]?.remoteControlSpawnMode, 'worktree');
    assert.equal(projects[box.project]?.hasTrustDialogAccepted, true);
  });

  it('claude rc without a TTY does not ask (2.1.197)', async () => {
    const box = await gitSandbox();
    const r = await runFakeClaude(['rc'], { cwd: box.project, env: box.env(REACH_REGISTRATION) });
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, PASSED_GATES);
  });

  it('claude rc with --spawn or a saved mode does not ask, even on a TTY', async () => {
    const box = await gitSandbox();
    const tty = { FAKE_CLAUDE_ASSUME_TTY: '1' };
    const flagged = await runFakeClaude(['rc', '--spawn=same-dir'], {
      cwd: box.project,
      env: box.env({ ...REACH_REGISTRATION, ...tty }),
    });
    assert.equal(flagged.stdout, '');
    const config = await readClaudeJson(box.home);
    const projects = config.projects as Record<string, Record<string, unknown>>;
    projects[box.project] = { ...projects[box.project], remoteControlSpawnMode: 'same-dir' };
    await writeFile(join(box.home, '.claude.json'), JSON.stringify(config));
    const saved = await runFakeClaude(['rc'], {
      cwd: box.project,
      env: box.env({ ...REACH_REGISTRATION, ...tty }),
    });
    assert.equal(saved.stdout, '');
    assert.equal(saved.stderr, PASSED_GATES);
  });

  it('claude rc with FAKE_CLAUDE_SPAWN_PROMPT_NO_TTY blocks without a TTY; a piped "y" does not answer', async () => {
    const box = await gitSandbox();
    const run = answer(box, 'y\n', [], { FAKE_CLAUDE_SPAWN_PROMPT_NO_TTY: '1' });
    await run.waitForStdout(
      /Choose \[1\/2\] \(default: 1\): [\s\S]*Choose \[1\/2\] \(default: 1\): $/,
    );
    assert.equal(await staysAlive(run, 600), true);
    assert.equal((await stopFakeClaude(run)).signal, 'SIGTERM');
  });
});
