import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { killFakeClaudes, runFakeClaude, startFakeClaude } from '../support/fake-claude-process.js';
import { createFakeClaudeSandbox, type FakeClaudeSandbox } from '../support/fake-claude-sandbox.js';

const UNKNOWN = (arg: string) =>
  `Error: Unknown argument: ${arg}\nRun 'claude remote-control --help' for usage.\n`;

const PARSER_ERRORS: Array<[string[], string]> = [
  [['--spawn', 'foo'], 'Error: --spawn requires one of: session, same-dir, worktree (got: foo)\n'],
  [['--spawn=foo'], 'Error: --spawn requires one of: session, same-dir, worktree (got: foo)\n'],
  [['--spawn'], 'Error: --spawn requires one of: session, same-dir, worktree (got: <missing>)\n'],
  [['--spawn', 'same-dir', '--spawn', 'worktree'], 'Error: --spawn may only be specified once\n'],
  [['--capacity', '0'], 'Error: --capacity requires a positive integer (got: 0)\n'],
  [['--capacity', 'abc'], 'Error: --capacity requires a positive integer (got: abc)\n'],
  [['--capacity=abc'], 'Error: --capacity requires a positive integer (got: abc)\n'],
  [
    ['--spawn=session', '--capacity', '2'],
    'Error: --capacity cannot be used with --spawn=session (single-session mode has fixed capacity 1).\n',
  ],
  [
    ['--capacity=2', '--spawn', 'session'],
    'Error: --capacity cannot be used with --spawn=session (single-session mode has fixed capacity 1).\n',
  ],
  [
    ['--permission-mode', 'bogus'],
    "Error: Invalid permission mode 'bogus'. Valid modes: acceptEdits, auto, bypassPermissions, default, dontAsk, plan\n",
  ],
  [
    ['--permission-mode=bogus'],
    "Error: Invalid permission mode 'bogus'. Valid modes: acceptEdits, auto, bypassPermissions, default, dontAsk, plan\n",
  ],
  [['--bogus'], UNKNOWN('--bogus')],
  [['--continue'], UNKNOWN('--continue')],
  [['--session-id', 'x'], UNKNOWN('--session-id')],
  [['-x'], UNKNOWN('-x')],
  [['stray'], UNKNOWN('stray')],
  [['--verbose=1'], UNKNOWN('--verbose=1')],
  [
    ['--enable-live-preview', '--preview-port', '3000'],
    'Error: --enable-live-preview and --preview-port are not available in this build.\n',
  ],
  [['--name'], 'Error: --name requires a value\n'],
];

describe('fake claude: invocation and the §2.3 parser', () => {
  let box: FakeClaudeSandbox;
  before(async () => {
    box = await createFakeClaudeSandbox();
  });
  after(async () => {
    await killFakeClaudes();
    await box.cleanup();
  });

  for (const flag of ['--version', '-v']) {
    it(`claude ${flag} prints the version, exits 0 and creates nothing`, async () => {
      const home = join(box.root, `version-home${flag}`);
      const r = await runFakeClaude([flag], { cwd: box.root, env: { PATH: '', HOME: home } });
      assert.equal(r.code, 0);
      assert.equal(r.stdout, '2.1.197 (Claude Code)\n');
      assert.equal(existsSync(home), false);
    });
  }

  it('claude --version honours FAKE_CLAUDE_VERSION', async () => {
    const r = await runFakeClaude(['--version'], {
      cwd: box.root,
      env: box.env({ FAKE_CLAUDE_VERSION: 'dev-build' }),
    });
    assert.equal(r.stdout, 'dev-build (Claude Code)\n');
  });

  it('claude --version hangs with FAKE_CLAUDE_VERSION_HANG=1', async () => {
    const run = startFakeClaude(['--version'], {
      cwd: box.root,
      env: box.env({ FAKE_CLAUDE_VERSION_HANG: '1' }),
    });
    const early = await Promise.race([run.exited, new Promise((r) => setTimeout(r, 500, 'alive'))]);
    assert.equal(early, 'alive');
    assert.equal(run.stdout(), '');
    run.child.kill('SIGKILL');
    assert.equal((await run.exited).signal, 'SIGKILL');
  });

  for (const argv of [[], ['chat'], ['doctor']]) {
    it(`claude ${argv.join(' ') || '(no args)'} is an error (exit 1)`, async () => {
      const r = await runFakeClaude(argv, { cwd: box.project, env: box.env() });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^Error: /);
    });
  }

  for (const alias of ['remote-control', 'rc', 'remote', 'sync', 'bridge']) {
    it(`claude ${alias} --help enters the bridge and prints help (exit 0)`, async () => {
      const r = await runFakeClaude([alias, '--help'], { cwd: box.project, env: box.env() });
      assert.equal(r.code, 0);
      assert.match(r.stdout, /^Remote Control - Control local sessions from claude\.ai\/code/);
      assert.match(
        r.stdout,
        /--\[no-\]create-session-in-dir {5}Pre-create a session in the current\n/,
      );
      assert.equal(r.stderr, '');
    });
  }

  it('claude rc accepts every flag in both --x v and --x=v forms', async () => {
    const argv = ['rc', '--name=n', '--permission-mode', 'plan', '--debug-file=d.log', '-v'];
    argv.push('--spawn=worktree', '--capacity', '4', '--sandbox', '--no-sandbox');
    argv.push('--no-create-session-in-dir', '--create-session-in-dir');
    argv.push('--remote-control-session-name-prefix=p', '--verbose', '-h');
    const r = await runFakeClaude(argv, { cwd: box.project, env: box.env() });
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^USAGE\n {2}claude remote-control \[options\]$/m);
  });

  for (const [argv, stderr] of PARSER_ERRORS) {
    it(`claude rc ${argv.join(' ')} exits 1 with the exact error`, async () => {
      const r = await runFakeClaude(['rc', ...argv], { cwd: box.project, env: box.env() });
      assert.equal(r.code, 1);
      assert.equal(r.stderr, stderr);
      assert.equal(r.stdout, '');
    });
  }

  it('claude auth status reports the login as JSON (exit 0 / 1)', async () => {
    const inside = await runFakeClaude(['auth', 'status'], { cwd: box.root, env: box.env() });
    assert.equal(inside.code, 0);
    assert.equal(JSON.parse(inside.stdout).loggedIn, true);
    const out = await runFakeClaude(['auth', 'status'], {
      cwd: box.root,
      env: box.env({ HOME: `${box.root}/nobody` }),
    });
    assert.equal(out.code, 1);
    assert.deepEqual(JSON.parse(out.stdout), {
      loggedIn: false,
      authMethod: 'none',
      apiProvider: 'firstParty',
    });
  });

  it('claude rc with a bad knob value exits 97 naming the knob', async () => {
    const r = await runFakeClaude(['rc'], {
      cwd: box.project,
      env: box.env({ FAKE_CLAUDE_CRASH: 'z' }),
    });
    assert.equal(r.code, 97);
    assert.match(r.stderr, /FAKE_CLAUDE_CRASH/);
  });
});
