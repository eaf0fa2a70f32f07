import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeCrash, describeExit, findCliErrorLine } from '../../src/bridges/exit-reason.js';

describe('findCliErrorLine()', () => {
  const cases: Array<{
    title: string;
    stderr?: string;
    stdout?: string;
    debugFatal?: string;
    expected: string | null;
  }> = [
    {
      title: 'takes the last Error: line of stderr',
      stderr: 'Error: getaddrinfo ENOTFOUND api.anthropic.com\nError: second\n',
      expected: 'Error: second',
    },
    {
      title: 'skips the usage hint after an argument error',
      stderr: "Error: Unknown argument: --bogus\nRun 'claude remote-control --help' for usage.\n",
      expected: 'Error: Unknown argument: --bogus',
    },
    {
      title: 'uses the first stderr line when no line says Error:',
      stderr: 'Remote Control environments are not available for your account.\n',
      expected: 'Remote Control environments are not available for your account.',
    },
    {
      title: 'ignores the debug auth-state dump',
      stderr:
        'Your version of Claude Code (2.1.197) is too old for Remote Control.\n[debug] Remote Control auth state:\nhasOAuthAccessToken=true\n',
      expected: 'Your version of Claude Code (2.1.197) is too old for Remote Control.',
    },
    {
      title: 'reads a timestamped Error: event line from stdout',
      stdout:
        '\u001b[32mConnected\u001b[39m\n[20:01:32] Error: Environment env_016keiFKAyiYeESj7P8M7ZHc not found.\n[20:01:32] Environment preserved.\n',
      expected: 'Error: Environment env_016keiFKAyiYeESj7P8M7ZHc not found.',
    },
    {
      title: 'falls back to the debug log',
      debugFatal: 'Server unreachable for 10 minutes, giving up.',
      expected: 'Server unreachable for 10 minutes, giving up.',
    },
    {
      title: 'explains an exit at the consent prompt',
      stdout: 'Take this session with you…\nEnable Remote Control? (y/n) ',
      expected:
        'stopped at the "Enable Remote Control? (y/n)" prompt: set claude.auto_enable_remote_control: true or run `claude remote-control` once in a terminal',
    },
    { title: 'returns null when nothing was printed', expected: null },
  ];
  for (const c of cases) {
    it(`findCliErrorLine() ${c.title}`, () => {
      assert.equal(
        findCliErrorLine({
          stderr: c.stderr ?? '',
          stdout: c.stdout ?? '',
          debugFatal: c.debugFatal ?? null,
        }),
        c.expected,
      );
    });
  }
});

describe('describeCrash()', () => {
  it('describeCrash() caps a very long line at 500 characters', () => {
    const reason = describeCrash(
      { stderr: `Error: ${'x'.repeat(5000)}`, stdout: '', debugFatal: null },
      null,
    );
    assert.equal(reason.length, 500);
    assert.ok(reason.endsWith('…'));
  });

  it('describeCrash() redacts before it caps: a token across the cap is masked, not cut', () => {
    // The token starts 10 characters before the cap: cut first, only ghp_ + 5 would remain,
    // too short for its rule, and those characters would be stored.
    const token = `ghp_${'A1b2C3d4E5'.repeat(4)}`;
    const stderr = `Error: ${'x'.repeat(483)} ${token} done`;
    assert.ok(stderr.indexOf(token) < 500 && stderr.indexOf(token) + token.length > 500);
    const reason = describeCrash({ stderr, stdout: '', debugFatal: null }, null);
    assert.ok(reason.includes(' ghp_<red'), reason.slice(480));
    assert.ok(!reason.includes('A1b2C'), 'no part of the token is kept');
  });

  it('describeCrash() masks ids in the CLI line and falls back to the exit', () => {
    const stdout = '[20:01:32] Error: Environment env_016keiFKAyiYeESj7P8M7ZHc not found.\n';
    assert.equal(
      describeCrash({ stderr: '', stdout, debugFatal: null }, null),
      'Error: Environment env_<redacted> not found.',
    );
    assert.equal(
      describeCrash({ stderr: '', stdout: '', debugFatal: null }, { exitCode: 3, signal: null }),
      'exited with code 3',
    );
  });
});

describe('describeExit()', () => {
  it('describeExit() names the signal, the exit code, or an unobserved end', () => {
    assert.equal(describeExit({ exitCode: null, signal: 'SIGKILL' }), 'killed by signal SIGKILL');
    assert.equal(describeExit({ exitCode: 0, signal: null }), 'exited with code 0');
    assert.match(describeExit(null), /unknown exit status/);
  });
});
