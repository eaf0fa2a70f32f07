// Every usage error starts `clauster <command>: ` (cli conventions), whether parseArgs found it
// or the command's own checks did; the usage text follows on stderr, exit 2, stdout empty
// unless argv holds --json: then stdout holds the error body alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandOfUsage } from '../../src/cli/args.js';
import { runMain } from '../support/cli-run.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir('clauster-cli-args-');

describe('commandOfUsage()', () => {
  it('commandOfUsage() reads the command words from the first usage line', () => {
    for (const [usage, command] of [
      ['Usage: clauster stop <project|bridge-id> [options]\n', 'stop'],
      ['Usage: clauster projects create <name> [--git]\n', 'projects create'],
      ['Usage: clauster config reconcile [--config PATH]\n', 'config reconcile'],
      ['Usage: clauster [run] [--config PATH]\n', 'run'],
      ['Usage: clauster restore FILE --state-dir DIR\n', 'restore'],
    ] as const) {
      assert.equal(commandOfUsage(usage), command, usage);
    }
  });
});

describe('usage errors', () => {
  it('parseCommandArgs() names the command in an unknown option and an extra argument', async () => {
    for (const [argv, line] of [
      [['stop', '--bogus'], /^clauster stop: Unknown option '--bogus'/],
      [['logs', 'app', '--bogus'], /^clauster logs: Unknown option '--bogus'/],
      [['projects', 'create', 'a', 'b'], /^clauster projects create: unexpected argument 'b'/],
      [['status', 'extra'], /^clauster status: unexpected argument 'extra'/],
      [['--bogus'], /^clauster run: Unknown option '--bogus'/],
    ] as const) {
      const run = await runMain([...argv], { home: home.path });
      assert.equal(run.code, 2, argv.join(' '));
      assert.match(run.err, line, argv.join(' '));
      assert.match(run.err, /\n\nUsage: clauster /);
      assert.equal(run.out, '');
    }
  });

  it("a command's own usage checks name it too (doctor --timeout, init, clone)", async () => {
    for (const [argv, line] of [
      [['doctor', '--timeout', 'soon'], /^clauster doctor: --timeout "soon": expected a number/],
      [['init', '--password', '--no-password'], /^clauster init: --password and --no-password/],
      [['init', '--config', ''], /^clauster init: --config: expected a file path/],
      [['clone'], /^clauster clone: missing <url>/],
      [['clone', 'https://h.example/r', '--depth', '0'], /^clauster clone: --depth: expected/],
    ] as const) {
      const run = await runMain([...argv], { home: home.path });
      assert.equal(run.code, 2, argv.join(' '));
      assert.match(run.err, line, argv.join(' '));
      assert.equal(run.out, '');
    }
  });
});

describe('usage errors with --json', () => {
  // One rule for every command: with --json anywhere in argv, a usage error prints the error
  // body alone on stdout (code `usage`, or the more specific `missing-argument` /
  // `invalid-option`), the human line and the help on stderr, exit 2.
  const CASES: Array<{ argv: string[]; code: string; line: string }> = [
    { argv: ['usage', '--json'], code: 'missing-argument', line: 'clauster usage: missing <' },
    { argv: ['clone', '--json'], code: 'missing-argument', line: 'clauster clone: missing <url>' },
    {
      argv: ['clone', 'https://h.example/r', '--depth', '0', '--json'],
      code: 'invalid-option',
      line: 'clauster clone: --depth: expected',
    },
    {
      argv: ['projects', 'create', '--json'],
      code: 'missing-argument',
      line: 'clauster projects create: missing <name>',
    },
    { argv: ['api-token', '--json'], code: 'usage', line: 'clauster api-token: expected issue' },
    { argv: ['api-token', 'bogus', '--json'], code: 'usage', line: 'clauster api-token: expected' },
    { argv: ['api-token', 'issue', '--json'], code: 'usage', line: 'clauster api-token: expected' },
    {
      argv: ['logs', 'app', '--file', 'bogus', '--json'],
      code: 'invalid-option',
      line: 'clauster logs: --file: expected',
    },
    {
      argv: ['logs', 'app', '-n', '999999', '--json'],
      code: 'invalid-option',
      line: 'clauster logs: --tail: expected',
    },
    {
      argv: ['logs', 'app', '--raw', '--json'],
      code: 'usage',
      line: 'clauster logs: --raw cannot',
    },
    {
      argv: ['doctor', '--timeout', 'abc', '--json'],
      code: 'invalid-option',
      line: 'clauster doctor: --timeout "abc": expected',
    },
    {
      argv: ['backup', '--bogus', '--json'],
      code: 'usage',
      line: "clauster backup: Unknown option '--bogus'",
    },
    {
      argv: ['restore', '--bogus', '--json'],
      code: 'usage',
      line: "clauster restore: Unknown option '--bogus'",
    },
    {
      argv: ['restore', 'x.tgz', '--json'],
      code: 'missing-argument',
      line: 'clauster restore: needs exactly one FILE and --state-dir DIR',
    },
    {
      argv: ['reap-environments', '--force-delete', '--json'],
      code: 'usage',
      line: 'clauster reap-environments: --force-delete: stdin is not a terminal',
    },
    {
      argv: ['reap-environments', '--archive', '--force-delete', '--json'],
      code: 'usage',
      line: 'clauster reap-environments: --archive and --force-delete',
    },
    {
      argv: ['trust', 'x', '--bogus', '--json'],
      code: 'usage',
      line: "clauster trust: Unknown option '--bogus'",
    },
    {
      argv: ['version', '--json', 'extra'],
      code: 'usage',
      line: "clauster version: unexpected argument 'extra'",
    },
    { argv: ['status', '--json', 'extra'], code: 'usage', line: 'clauster status: unexpected' },
    { argv: ['stop', '--json'], code: 'missing-argument', line: 'clauster stop: missing <' },
    // --json where the command takes none still answers in JSON.
    { argv: ['--json'], code: 'usage', line: "clauster run: Unknown option '--json'" },
    {
      argv: ['install-service', 'systemd', '--json'],
      code: 'usage',
      line: "clauster install-service: Unknown option '--json'",
    },
    {
      argv: ['frobnicate', '--json'],
      code: 'usage',
      line: "clauster: unknown command 'frobnicate'",
    },
    {
      argv: ['config', 'bogus', '--json'],
      code: 'usage',
      line: "clauster config: unknown subcommand 'bogus'",
    },
    {
      argv: ['config', '--json'],
      code: 'missing-argument',
      line: 'clauster config: missing <subcommand>',
    },
    {
      argv: ['help', 'nope', '--json'],
      code: 'usage',
      line: "clauster help: unknown command 'nope'",
    },
  ];

  for (const { argv, code, line } of CASES) {
    it(`\`clauster ${argv.join(' ')}\` prints the ${code} error body and exits 2`, async () => {
      const run = await runMain([...argv], { home: home.path });
      assert.equal(run.code, 2, run.err);
      const body = JSON.parse(run.out) as { error: { code: string; message: string } };
      assert.deepEqual(Object.keys(body), ['error']);
      assert.deepEqual(Object.keys(body.error), ['code', 'message']);
      assert.equal(body.error.code, code);
      assert.ok(body.error.message.length > 0);
      assert.ok(run.err.startsWith(line), run.err);
      assert.ok(run.err.includes(`: ${body.error.message}\n`), run.err);
    });
  }

  it('a word after `--` is no --json: the usage error stays on stderr', async () => {
    const run = await runMain(['version', '--', '--json'], { home: home.path });
    assert.equal(run.code, 2);
    assert.equal(run.out, '');
    assert.match(run.err, /^clauster version: unexpected argument '--json'/);
  });
});
