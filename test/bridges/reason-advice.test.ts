import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeCrash } from '../../src/bridges/exit-reason.js';
import { adviceFor } from '../../src/bridges/reason-advice.js';

// The CLI's own messages (reference/claude-cli.md §3), as describeCrash() stores them from
// stderr, each with a phrase its advice must carry.
const KNOWN: ReadonlyArray<[string, string, RegExp]> = [
  [
    'not logged in',
    'Error: You must be logged in to use Remote Control.\n\nRemote Control is only available with claude.ai subscriptions. Please use `/login` to sign in with your claude.ai account.',
    /run `claude auth login` as the user clauster runs as, with the same HOME/,
  ],
  [
    'inference-only token',
    'Error: Remote Control requires a full-scope login token. Long-lived tokens (from `claude setup-token` or CLAUDE_CODE_OAUTH_TOKEN) are limited to inference-only and cannot be used for Remote Control. Run `claude auth login` to use Remote Control.',
    /remove it from claude\.env and the service environment/,
  ],
  [
    'no organization',
    'Error: Unable to determine your organization for Remote Control eligibility. Run `claude auth login` to refresh your account details.',
    /claude auth login/,
  ],
  [
    'managed policy',
    "Error: Remote Control is disabled by your organization's policy (managed setting `disableRemoteControl`).",
    /only whoever manages that setting/,
  ],
  [
    'flag service unreachable',
    "Error: Couldn't verify Remote Control eligibility — the feature-flag service was unreachable (offline or blocked). Retry, or run with `--debug` / `claude doctor` for details.",
    /could not reach Anthropic's API/,
  ],
  [
    'not enabled',
    'Error: Remote Control is not yet enabled for your account. Ask your organization admin, or try again later.',
    /not available to this claude\.ai account/,
  ],
  [
    'environments 404',
    'Remote Control environments are not available for your account.',
    /not available to this claude\.ai account/,
  ],
  [
    'too old',
    'Your version of Claude Code (2.1.100) is too old for Remote Control.\nVersion 2.1.999 or higher is required. Run `claude update` to update.',
    /claude update/,
  ],
  ['offline register', 'Error: getaddrinfo ENOTFOUND api.anthropic.com', /DNS, outbound HTTPS/],
  [
    'http base URL',
    'Error: Remote Control base URL uses HTTP. Only HTTPS or localhost HTTP is allowed.',
    /needs https/,
  ],
  [
    'workspace not trusted',
    'Error: Workspace not trusted. Please run `claude` in /srv/code/app first to review and accept the workspace trust dialog.',
    /trust the project again in clauster/,
  ],
  [
    'worktree without git',
    'Error: Worktree mode requires a git repository or WorktreeCreate hooks configured. Use --spawn=session for single-session mode.',
    /spawn mode same-dir or session/,
  ],
];

// Reasons that name no cause we can advise on: no advice rather than a guess.
const UNKNOWN: readonly (string | null)[] = [
  null,
  '',
  'exited with code 3',
  'killed by signal SIGKILL',
  'ended with an unknown exit status (not a child of this dashboard process)',
  'Error: Unknown argument: --frobnicate',
  'no connect URL after 30 s while the process is still running (blocked at a prompt?)',
  'stopped (SIGTERM)',
  'Error: the session login expired in the environment block',
];

describe('adviceFor()', () => {
  for (const [what, stderr, expected] of KNOWN) {
    it(`advises on the CLI's "${what}" failure as describeCrash() stores it`, () => {
      const reason = describeCrash({ stderr, stdout: '', debugFatal: null }, null);
      const advice = adviceFor(reason);
      assert.ok(advice !== null, `no advice for ${reason}`);
      assert.match(advice, expected);
    });
  }

  it('returns null for a reason that names no known cause', () => {
    for (const reason of UNKNOWN) assert.equal(adviceFor(reason), null, String(reason));
  });

  it('gives one sentence without the reason in it (no secret can pass through it)', () => {
    const reason = 'Error: getaddrinfo ENOTFOUND session_0123456789abcdef.example';
    const advice = adviceFor(reason) ?? '';
    assert.doesNotMatch(advice, /session_|example/);
    assert.equal(advice.split('. ').length, 1, advice);
  });
});
