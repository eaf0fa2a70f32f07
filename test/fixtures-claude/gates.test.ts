import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { prepareClaudeHome } from '../support/fake-claude.js';
import { runFakeClaude } from '../support/fake-claude-process.js';
import {
  type FakeClaudeSandbox,
  PASSED_GATES,
  REACH_REGISTRATION,
  useFakeClaudeSandboxes,
} from '../support/fake-claude-sandbox.js';

const NOT_LOGGED_IN =
  'Error: You must be logged in to use Remote Control.\n\nRemote Control is only available with claude.ai subscriptions. Please use `/login` to sign in with your claude.ai account.\n';
const sandbox = useFakeClaudeSandboxes();
async function rc(
  box: FakeClaudeSandbox,
  argv: string[],
  env: Record<string, string> = {},
  cwd = box.project,
) {
  return runFakeClaude(['remote-control', ...argv], {
    cwd,
    env: box.env({ ...REACH_REGISTRATION, ...env }),
  });
}

describe('fake claude: eligibility gates #1–#3e', () => {
  const FORCED: Array<[string, RegExp]> = [
    [
      'disabled-by-policy',
      /^Error: Remote Control is disabled by your organization's policy \(managed setting `disableRemoteControl`\)\.\n$/,
    ],
    ['not-logged-in', new RegExp(`^${NOT_LOGGED_IN.replace(/[.*+?^${}()|[\]\\`]/g, '\\$&')}$`)],
    [
      'inference-only',
      /^Error: Remote Control requires a full-scope login token\. Long-lived tokens \(from `claude setup-token` or CLAUDE_CODE_OAUTH_TOKEN\) are limited to inference-only .*Run `claude auth login` to use Remote Control\.\n$/,
    ],
    ['no-org', /^Error: Unable to determine your organization for Remote Control eligibility\. /],
    [
      'flag-unreachable',
      /^Error: Couldn't verify Remote Control eligibility — the feature-flag service was unreachable \(offline or blocked\)\. Retry, or run with `--debug` \/ `claude doctor` for details\.\n$/,
    ],
    ['not-enabled', /^Error: Remote Control is not yet enabled for your account\. /],
    [
      'too-old',
      /^Your version of Claude Code \(2\.1\.197\) is too old for Remote Control\.\nVersion 2\.1\.999 or higher is required\. Run `claude update` to update\.\n$/,
    ],
  ];
  for (const [gate, expected] of FORCED) {
    it(`claude rc with FAKE_CLAUDE_GATE=${gate} exits 1 with the gate's message`, async () => {
      const box = await sandbox();
      const r = await rc(box, [], { FAKE_CLAUDE_GATE: gate });
      assert.equal(r.code, 1);
      assert.match(r.stderr, expected);
      assert.equal(r.stdout, '');
    });
  }

  it('claude rc without stored credentials is "not logged in", even with ANTHROPIC_API_KEY', async () => {
    const box = await sandbox({ loggedIn: false });
    const r = await rc(box, [], { ANTHROPIC_API_KEY: 'fake-api-key' });
    assert.equal(r.code, 1);
    assert.equal(r.stderr, NOT_LOGGED_IN);
  });

  it('claude rc --help behind a failed gate prints the gate error, not help', async () => {
    const box = await sandbox({ loggedIn: false });
    const r = await rc(box, ['--help', '--bogus']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, NOT_LOGGED_IN);
    assert.equal(r.stdout, '');
  });

  it('claude rc with only CLAUDE_CODE_OAUTH_TOKEN is inference-only', async () => {
    const box = await sandbox({ loggedIn: false });
    const r = await rc(box, [], { CLAUDE_CODE_OAUTH_TOKEN: 'fake-oauth-token' });
    assert.match(r.stderr, /^Error: Remote Control requires a full-scope login token\./);
  });

  it('claude rc with a token lacking user:profile is inference-only', async () => {
    const box = await sandbox({ scopes: ['user:inference'] });
    const r = await rc(box, []);
    assert.match(r.stderr, /full-scope login token/);
  });

  it('claude rc without oauthAccount.organizationUuid fails gate #3b', async () => {
    const box = await sandbox({ organization: false });
    const r = await rc(box, []);
    assert.match(r.stderr, /^Error: Unable to determine your organization/);
  });

  it('claude rc with a cached tengu_ccr_bridge=false fails gate #3d', async () => {
    const box = await sandbox({ featureFlag: false });
    const r = await rc(box, []);
    assert.match(r.stderr, /^Error: Remote Control is not yet enabled for your account\./);
  });

  it('claude rc below FAKE_CLAUDE_MIN_VERSION is too old', async () => {
    const box = await sandbox();
    const r = await rc(box, [], { FAKE_CLAUDE_MIN_VERSION: '2.1.250' });
    assert.match(
      r.stderr,
      /^Your version of Claude Code \(2\.1\.197\) is too old.*\nVersion 2\.1\.250 or higher/,
    );
  });

  it('claude rc reports the earliest failing gate first (login before a forced #3d)', async () => {
    const box = await sandbox({ loggedIn: false });
    const r = await rc(box, [], { FAKE_CLAUDE_GATE: 'not-enabled' });
    assert.equal(r.stderr, NOT_LOGGED_IN);
  });

  it('claude rc --debug-file appends the auth-state dump to a gate failure', async () => {
    const box = await sandbox({ loggedIn: false });
    const r = await rc(box, ['--debug-file', join(box.logs, 'd.log')]);
    assert.match(
      r.stderr,
      /\n\[debug\] Remote Control auth state:\n {2}hasOAuthAccessToken=false\n/,
    );
    assert.match(r.stderr, /ANTHROPIC_API_KEY=unset\n {2}tengu_ccr_bridge=unset\n$/);
  });

  it('claude rc with every gate passing reaches registration', async () => {
    const box = await sandbox();
    const r = await rc(box, []);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, PASSED_GATES);
  });
});

describe('fake claude: workspace trust gate #6', () => {
  it('claude rc in an untrusted dir prints the exact error with the absolute cwd', async () => {
    const box = await sandbox({ trusted: [] });
    const r = await rc(box, []);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `Error: Workspace not trusted. Please run \`claude\` in ${box.project} first to review and accept the workspace trust dialog.\n`,
    );
  });

  it('claude rc trusts a plain subdirectory through a trusted ancestor', async () => {
    const box = await sandbox({ trusted: [] });
    await prepareClaudeHome(box.home, { trusted: [box.root] });
    const r = await rc(box, []);
    assert.equal(r.stderr, PASSED_GATES);
  });

  it('claude rc refuses a git repo under a trusted parent (repo needs its own grant)', async () => {
    const box = await sandbox({ trusted: [] });
    await prepareClaudeHome(box.home, { trusted: [box.root] });
    await mkdir(join(box.project, '.git'));
    const refused = await rc(box, ['--spawn=same-dir']);
    assert.match(refused.stderr, /^Error: Workspace not trusted\./);
    const legacy = await rc(box, ['--spawn=same-dir'], { FAKE_CLAUDE_TRUST_GIT_OWN_GRANT: '0' });
    assert.equal(legacy.stderr, PASSED_GATES);
  });

  it('claude rc trusts a subdirectory of a git repo that has its own grant', async () => {
    const box = await sandbox();
    await mkdir(join(box.project, '.git'));
    await mkdir(join(box.project, 'src'));
    const r = await rc(box, ['--spawn=same-dir'], {}, join(box.project, 'src'));
    assert.equal(r.stderr, PASSED_GATES);
  });

  it('claude rc treats CLAUDE_CODE_SANDBOXED=1 as trusted', async () => {
    const box = await sandbox({ trusted: [] });
    const r = await rc(box, [], { CLAUDE_CODE_SANDBOXED: '1' });
    assert.equal(r.stderr, PASSED_GATES);
  });

  it('claude rc reads .claude.json and credentials from CLAUDE_CONFIG_DIR', async () => {
    const box = await sandbox({ loggedIn: false, trusted: [] });
    const configDir = join(box.root, 'config-dir');
    await prepareClaudeHome(box.home, { configDir, trusted: [box.project] });
    const r = await rc(box, [], { CLAUDE_CONFIG_DIR: configDir });
    assert.equal(r.stderr, PASSED_GATES);
  });
});

describe('fake claude: spawn-mode checks #9 and #11', () => {
  it('claude rc --spawn worktree outside git exits 1 with the worktree error', async () => {
    const box = await sandbox();
    const r = await rc(box, ['--spawn', 'worktree']);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      'Error: Worktree mode requires a git repository or WorktreeCreate hooks configured. Use --spawn=session for single-session mode.\n',
    );
  });

  it('claude rc with a saved worktree mode outside git warns and falls back', async () => {
    const box = await sandbox();
    await prepareClaudeHome(box.home, {
      trusted: [box.project],
      spawnModes: { [box.project]: 'worktree' },
    });
    const r = await rc(box, []);
    assert.equal(
      r.stderr,
      `Warning: Saved spawn mode is worktree but this directory is not a git repository. Falling back to same-dir.\n${PASSED_GATES}`,
    );
  });
});
