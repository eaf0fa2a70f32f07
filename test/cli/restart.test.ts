import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Fetch } from '../../src/system/ports.js';
import { runAgainstFakeDashboard } from '../support/cli-run.js';
import { useTempDir } from '../support/temp.js';

const URL_ARGS = ['--url', 'http://127.0.0.1:7621'];
const NEW_ID = 'br-n3wn3wn3wn3w';
const CONNECT_URL = 'https://claude.ai/code?environment=env_x';

const BRIDGES = [
  { id: 'br-k3xqaaaaaaaa', project: 'alpha', status: 'running', started_at: '2026-07-01T10:00Z' },
  { id: 'br-m7zzcccccccc', project: 'alpha', status: 'stopped', started_at: '2026-07-01T08:00Z' },
  { id: 'br-m7zzdddddddd', project: 'alpha', status: 'crashed', started_at: '2026-07-01T09:00Z' },
  { id: 'br-k3xqbbbbbbbb', project: 'beta', status: 'stopped', started_at: '2026-07-01T09:00Z' },
  { id: 'br-p2p2eeeeeeee', project: 'gamma', status: 'stopped', started_at: '2026-07-01T07:00Z' },
];

function apiError(code: string, message: string, status: number): Response {
  return Response.json({ error: { code, message } }, { status });
}

// A dashboard answering GET /api/bridges, GET /api/bridges/<id> and POST .../restart (gamma ran
// with bypassPermissions, so it needs the confirmation); records each call with its body.
function fakeDashboard(launchStatus: string): { fetch: Fetch; calls: string[] } {
  const calls: string[] = [];
  const launched = (project: string, status: string) => ({
    bridge: {
      id: NEW_ID,
      project,
      status,
      url: status === 'running' ? CONNECT_URL : null,
      reason: null,
    },
  });
  const fetch: Fetch = async (input, init) => {
    const path = new URL(String(input)).pathname;
    const body = typeof init?.body === 'string' ? ` ${init.body}` : '';
    calls.push(`${init?.method ?? 'GET'} ${path}${body}`);
    if (path === '/api/bridges') return Response.json({ bridges: BRIDGES });
    if (path === `/api/bridges/${NEW_ID}`) return Response.json(launched('beta', 'running'));
    const id = /^\/api\/bridges\/([^/]+)\/restart$/.exec(path)?.[1];
    const bridge = BRIDGES.find((b) => b.id === id);
    if (bridge === undefined) return apiError('unknown-bridge', 'no bridge with that id', 404);
    if (bridge.status === 'running')
      return apiError('already-running', `project ${bridge.project} has a live bridge`, 409);
    const confirm = body === '' ? undefined : (JSON.parse(body) as { confirm?: unknown }).confirm;
    if (confirm !== undefined && confirm !== 'bypassPermissions')
      return apiError('invalid-option', "confirm: expected 'bypassPermissions'", 422);
    if (bridge.project === 'gamma' && confirm === undefined)
      return apiError('bypass-refused', "expected confirm: 'bypassPermissions'", 403);
    return Response.json(launched(bridge.project, launchStatus), { status: 201 });
  };
  return { fetch, calls };
}

describe('runRestart()', () => {
  const dir = useTempDir();

  async function run(argv: string[], launchStatus = 'running') {
    const dashboard = fakeDashboard(launchStatus);
    const argvWithUrl = ['restart', ...argv, ...URL_ARGS];
    const result = await runAgainstFakeDashboard(dir.path, argvWithUrl, dashboard.fetch);
    return { ...result, calls: dashboard.calls };
  }

  it('runRestart() restarts the bridge a unique id prefix names, without a body', async () => {
    const result = await run(['br-k3xqb']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `beta: running ${NEW_ID} ${CONNECT_URL}\n`);
    assert.deepEqual(result.calls, [
      'GET /api/bridges',
      'POST /api/bridges/br-k3xqbbbbbbbb/restart',
    ]);
  });

  it("runRestart() takes a project's newest bridge that is not live", async () => {
    const result = await run(['alpha']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.calls, [
      'GET /api/bridges',
      'POST /api/bridges/br-m7zzdddddddd/restart',
    ]);
  });

  it('runRestart() sends the confirmation only when --confirm is given', async () => {
    const refused = await run(['gamma']);
    assert.equal(refused.code, 1);
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, /^clauster restart: .*\(bypass-refused\)\n$/);
    const confirmed = await run(['gamma', '--confirm', 'bypassPermissions']);
    assert.equal(confirmed.code, 0, confirmed.stderr);
    assert.deepEqual(confirmed.calls, [
      'GET /api/bridges',
      'POST /api/bridges/br-p2p2eeeeeeee/restart {"confirm":"bypassPermissions"}',
    ]);
    const wrong = await run(['gamma', '--confirm', 'yes']);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /\(invalid-option\)/);
  });

  it('runRestart() answers 1 for a live bridge (409) and prints nothing on stdout', async () => {
    const result = await run(['br-k3xqaaaaaaaa']);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      'clauster restart: project alpha has a live bridge (already-running)\n',
    );
  });

  it('runRestart() refuses an ambiguous prefix with 2 and restarts nothing', async () => {
    const result = await run(['br-m7zz']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /"br-m7zz" matches 2 bridges/);
    assert.match(result.stderr, /br-m7zzcccccccc {2}alpha {2}stopped\n.*br-m7zzdddddddd/);
    assert.deepEqual(result.calls, ['GET /api/bridges']);
  });

  it('runRestart() answers 1 when nothing matches and 2 for a prefix too short', async () => {
    const none = await run(['delta']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /project "delta" has no stopped or crashed bridge/);
    const short = await run(['br-k3x']);
    assert.equal(short.code, 2);
    assert.match(short.stderr, /too short for a bridge id prefix/);
    assert.deepEqual([...none.calls, ...short.calls], ['GET /api/bridges', 'GET /api/bridges']);
  });

  it('runRestart() --json prints the new bridge after waiting for it to run', async () => {
    const result = await run(['beta', '--json'], 'starting');
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), launchedRunning());
    assert.deepEqual(result.calls.slice(-1), [`GET /api/bridges/${NEW_ID}`]);
  });

  it('runRestart() --wait 0 prints the starting bridge; bad usage exits 2', async () => {
    const started = await run(['beta', '--wait', '0'], 'starting');
    assert.equal(started.code, 0, started.stderr);
    assert.equal(started.stdout, `beta: starting ${NEW_ID}\n`);
    assert.equal((await run([])).code, 2);
    assert.equal((await run(['beta', '--wait', 'soon'])).code, 2);
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--confirm TEXT {6}Type bypassPermissions to confirm that mode/);
  });
});

function launchedRunning() {
  const bridge = { id: NEW_ID, project: 'beta', status: 'running', url: CONNECT_URL };
  return { bridge: { ...bridge, reason: null } };
}
