import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { reportFailure } from '../../src/cli/failure-output.js';
import type { Fetch } from '../../src/system/ports.js';
import { createTestIo } from '../support/cli-io.js';
import { runAgainstFakeDashboard, runMain } from '../support/cli-run.js';
import { useTempDir } from '../support/temp.js';

const dir = useTempDir();
const URL_ARGS = ['--url', 'http://127.0.0.1:7621'];
const COMMANDS = [
  ['start', 'app'],
  ['stop', 'app'],
  ['restart', 'app'],
  ['adopt', 'app'],
];

type ErrorBody = { error: { code: string; message: string } };

describe('reportFailure()', () => {
  it('reportFailure() prints one prefixed, redacted line and, with --json, only the body on stdout', () => {
    const secret = `clauster_pat_${'FAKE'.repeat(8)}`;
    const failure = { code: 'x-failed', message: `bad ${secret}`, exitCode: 1, showCode: true };
    const text = createTestIo({ home: dir.path });
    assert.equal(reportFailure({ command: 'stop', json: false }, failure, text.io), 1);
    assert.equal(text.stdout(), '');
    assert.equal(text.stderr(), 'clauster stop: bad clauster_pat_<redacted> (x-failed)\n');
    const json = createTestIo({ home: dir.path });
    assert.equal(reportFailure({ command: 'stop', json: true }, failure, json.io), 1);
    const body = { error: { code: 'x-failed', message: 'bad clauster_pat_<redacted>' } };
    assert.equal(json.stdout(), `${JSON.stringify(body, null, 2)}\n`);
    assert.equal(json.stderr(), text.stderr());
  });
});

describe('--json failures of the dashboard commands', () => {
  it('an unreachable dashboard prints the error body with --json in every command', async () => {
    const refuse: Fetch = async () => {
      throw new TypeError('fetch failed');
    };
    for (const command of COMMANDS) {
      const argv = [...command, ...URL_ARGS, '--json'];
      const run = await runAgainstFakeDashboard(dir.path, argv, refuse);
      assert.equal(run.code, 1, command[0]);
      const { error } = JSON.parse(run.stdout) as ErrorBody;
      assert.equal(error.code, 'dashboard-unreachable');
      assert.match(error.message, /^dashboard not reachable at http:\/\/127\.0\.0\.1:7621; start/);
      assert.equal(run.stderr, `clauster ${command[0]}: ${error.message}\n`);
    }
  });

  it('a 401 prints the error body, with the token hint, in every command', async () => {
    const deny: Fetch = async () => {
      const error = { code: 'unauthenticated', message: 'login required' };
      return Response.json({ error }, { status: 401 });
    };
    for (const command of COMMANDS) {
      const run = await runAgainstFakeDashboard(
        dir.path,
        [...command, ...URL_ARGS, '--json'],
        deny,
      );
      assert.equal(run.code, 1, command[0]);
      const { error } = JSON.parse(run.stdout) as ErrorBody;
      assert.deepEqual(error, {
        code: 'unauthenticated',
        message: 'login required (pass --token or set CLAUSTER_TOKEN / CLAUSTER_TOKEN_FILE)',
      });
      assert.equal(run.stderr, `clauster ${command[0]}: ${error.message} (unauthenticated)\n`);
    }
  });

  it('a usage error found after parsing prints the error body with --json', async () => {
    const never: Fetch = async () => {
      throw new Error('the dashboard must not be asked');
    };
    const run = await runAgainstFakeDashboard(dir.path, ['stop', '--json'], never);
    assert.equal(run.code, 2);
    assert.deepEqual(JSON.parse(run.stdout), {
      error: { code: 'missing-argument', message: 'missing <project|bridge-id>' },
    });
    assert.match(run.stderr, /^clauster stop: missing <project\|bridge-id>\n\nUsage:/);
  });

  it('an unreadable CLAUSTER_TOKEN_FILE is one prefixed line and the error body', async () => {
    const config = join(dir.path, 'clauster.yml');
    await writeFile(config, `state_dir: ${join(dir.path, 'state')}\n`);
    const env = { CLAUSTER_CONFIG: config, CLAUSTER_TOKEN_FILE: 'no-such-token' };
    const argv = ['stop', 'app', ...URL_ARGS, '--json'];
    const run = await runMain(argv, { home: dir.path, env });
    assert.equal(run.code, 1);
    const { error } = JSON.parse(run.out) as ErrorBody;
    assert.equal(error.code, 'token-file-unreadable');
    assert.match(
      error.message,
      /^CLAUSTER_TOKEN_FILE: cannot read no-such-token \(ENOENT\); point/,
    );
    assert.equal(run.err, `clauster stop: ${error.message}\n`);
  });

  it('a token that is not one printable word says so (not "not reachable"), never echoed', async () => {
    const config = join(dir.path, 'clauster.yml');
    await writeFile(config, `state_dir: ${join(dir.path, 'state')}\n`);
    const twoLines = join(dir.path, 'two-lines.token');
    await writeFile(twoLines, 'clauster_pat_FAKEFAKE\nsecond-line\n');
    const cases: Array<[Record<string, string>, string[], RegExp]> = [
      [{ CLAUSTER_TOKEN_FILE: twoLines }, [], /^CLAUSTER_TOKEN_FILE \(.*two-lines\.token\) holds/],
      [{ CLAUSTER_TOKEN: 'FAKE\u0007bell' }, [], /^CLAUSTER_TOKEN holds/],
      [{}, ['--token', 'FAKE word'], /^--token holds a space/],
    ];
    for (const [extra, flags, expected] of cases) {
      const env = { CLAUSTER_CONFIG: config, ...extra };
      const run = await runMain(['stop', 'app', ...URL_ARGS, ...flags, '--json'], {
        home: dir.path,
        env,
      });
      assert.equal(run.code, 1, JSON.stringify(extra));
      const { error } = JSON.parse(run.out) as ErrorBody;
      assert.equal(error.code, 'bad-token');
      assert.match(error.message, expected);
      assert.ok(!`${run.out}${run.err}`.includes('FAKE'), 'the token is never shown');
    }
  });

  it('a token with spaces or a line break around it is used trimmed, as fetch would send it', async () => {
    const config = join(dir.path, 'clauster.yml');
    await writeFile(config, `state_dir: ${join(dir.path, 'state')}\n`);
    const seen: string[] = [];
    const fetch: Fetch = async (_url, init) => {
      seen.push(new Headers(init?.headers).get('authorization') ?? '');
      return new Response(
        JSON.stringify({ error: { code: 'not-found', message: 'no such bridge' } }),
        {
          status: 404,
          headers: { 'content-type': 'application/json' },
        },
      );
    };
    const env = { CLAUSTER_CONFIG: config, CLAUSTER_TOKEN: ' clauster_pat_FAKEFAKE\n' };
    await runMain(['stop', 'app', ...URL_ARGS], { home: dir.path, env, deps: { fetch } });
    await runMain(['stop', 'app', ...URL_ARGS, '--token', 'clauster_pat_FAKEFAKE\r\n'], {
      home: dir.path,
      env: { CLAUSTER_CONFIG: config },
      deps: { fetch },
    });
    assert.ok(seen.length >= 2, `the dashboard was asked: ${seen.length}`);
    for (const header of seen) assert.equal(header, 'Bearer clauster_pat_FAKEFAKE');
  });
});

describe('start and restart number flags', () => {
  const never: Fetch = async () => {
    throw new Error('the dashboard must not be asked');
  };

  it('--capacity and --wait name only the bad flag, its value and the allowed range', async () => {
    const cases: Array<[string[], string]> = [
      [
        ['start', 'app', '--capacity', 'abc'],
        '--capacity "abc": expected a whole number from 1 to 1000',
      ],
      [
        ['start', 'app', '--capacity', '0'],
        '--capacity "0": expected a whole number from 1 to 1000',
      ],
      [
        ['start', 'app', '--wait', 'soon'],
        '--wait "soon": expected a whole number from 0 to 86400',
      ],
      [
        ['restart', 'app', '--wait', '86401'],
        '--wait "86401": expected a whole number from 0 to 86400',
      ],
    ];
    for (const [argv, message] of cases) {
      const run = await runAgainstFakeDashboard(dir.path, argv, never);
      assert.equal(run.code, 2, argv.join(' '));
      assert.ok(run.stderr.startsWith(`clauster ${argv[0]}: ${message}\n\nUsage:`), run.stderr);
    }
  });
});
