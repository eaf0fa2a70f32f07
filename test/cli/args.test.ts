// Every usage error starts `clauster <command>: ` (cli conventions), whether parseArgs found it
// or the command's own checks did; the usage text follows on stderr, exit 2, stdout empty.
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
