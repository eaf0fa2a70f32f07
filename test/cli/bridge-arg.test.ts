// The `<project>` / `<project|bridge-id>` argument of start, stop, restart, adopt, trust and
// open: a name no project can have is one usage error (exit 2) with the same words everywhere.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Fetch } from '../../src/system/ports.js';
import { runAgainstFakeDashboard } from '../support/cli-run.js';
import { useTempDir } from '../support/temp.js';

const URL_ARGS = ['--url', 'http://127.0.0.1:7621'];
const PROJECT_COMMANDS = ['start', 'adopt', 'trust'];
const REF_COMMANDS = ['stop', 'restart', 'open'];

// A dashboard with no bridges and no projects; records every call.
function emptyDashboard(): { fetch: Fetch; calls: string[] } {
  const calls: string[] = [];
  const fetch: Fetch = async (input, init) => {
    const path = new URL(String(input)).pathname;
    calls.push(`${init?.method ?? 'GET'} ${path}`);
    if (path === '/api/bridges') return Response.json({ bridges: [] });
    if (/^\/api\/projects\/[^/]+\/stop$/.test(path)) {
      const nothing = { code: 'nothing-to-stop', message: 'project "nope" has nothing to stop' };
      return Response.json({ error: nothing }, { status: 409 });
    }
    const error = { code: 'unknown-project', message: 'project "nope": not found' };
    return Response.json({ error }, { status: 404 });
  };
  return { fetch, calls };
}

describe('readRefArg()', () => {
  const dir = useTempDir();

  async function run(argv: string[]) {
    const dashboard = emptyDashboard();
    const url = ['trust', 'open'].includes(argv[0] ?? '') ? [] : URL_ARGS;
    const result = await runAgainstFakeDashboard(dir.path, [...argv, ...url], dashboard.fetch);
    return { ...result, calls: dashboard.calls };
  }

  it('readRefArg() refuses a name no project can have with exit 2 and the same words', async () => {
    for (const bad of ['bad name!', '../x', '.hidden', 'a..b', '']) {
      const shown = JSON.stringify(bad);
      for (const command of [...PROJECT_COMMANDS, ...REF_COMMANDS]) {
        const result = await run([command, bad]);
        assert.equal(result.code, 2, `${command} ${shown}`);
        const label = PROJECT_COMMANDS.includes(command) ? '<project>' : '<project|bridge-id>';
        const what = PROJECT_COMMANDS.includes(command)
          ? 'is not a project name'
          : 'is neither a project name nor a bridge id';
        const line = `clauster ${command}: ${label} ${shown} ${what}: expected `;
        assert.ok(result.stderr.startsWith(line), result.stderr);
        assert.match(result.stderr, /\n\nUsage: clauster /);
        assert.equal(result.stdout, '');
        assert.deepEqual(result.calls, [], 'nothing asked of the dashboard');
      }
    }
  });

  it('readRefArg() redacts and bounds the name it shows', async () => {
    const secret = `clauster_pat_${'FAKE'.repeat(8)}`;
    const result = await run(['stop', `${secret} ${'x'.repeat(200)}`]);
    assert.equal(result.code, 2);
    assert.ok(!result.stderr.includes(secret), result.stderr);
    assert.ok(!result.stderr.includes('x'.repeat(100)), 'cut to 80 characters');
  });

  it('readRefArg() lets a valid but unknown name through to the lookup (exit codes unchanged)', async () => {
    const stop = await run(['stop', 'nope']);
    assert.equal(stop.code, 1);
    assert.match(stop.stderr, /^clauster stop: project "nope" has no live bridge/);
    const adopt = await run(['adopt', 'nope']);
    assert.equal(adopt.code, 2);
    assert.match(adopt.stderr, /^clauster adopt: project "nope": not found \(unknown-project\)\n$/);
    const restart = await run(['restart', 'br-zzzzzzzz']);
    assert.equal(restart.code, 1);
    assert.deepEqual(restart.calls, ['GET /api/bridges']);
  });

  it('readRefArg() prefixes a missing argument with the command', async () => {
    for (const command of [...PROJECT_COMMANDS, ...REF_COMMANDS]) {
      const result = await run([command]);
      assert.equal(result.code, 2, command);
      const label = PROJECT_COMMANDS.includes(command) ? '<project>' : '<project|bridge-id>';
      assert.ok(result.stderr.startsWith(`clauster ${command}: missing ${label}\n\nUsage:`));
    }
  });

  it('readRefArg() prints the error body with --json', async () => {
    const result = await run(['restart', 'bad name!', '--json']);
    assert.equal(result.code, 2);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    assert.equal(error.code, 'invalid-project-name');
    assert.match(error.message, /^<project\|bridge-id> "bad name!" is neither/);
  });
});
