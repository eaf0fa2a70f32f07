import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type BridgeStatus, isLiveStatus } from '../../src/bridges/record.js';
import type { Fetch } from '../../src/system/ports.js';
import { runAgainstFakeDashboard } from '../support/cli-run.js';
import { useTempDir } from '../support/temp.js';

const URL_ARGS = ['--url', 'http://127.0.0.1:7621'];

type Listed = { id: string; project: string; status: string; started_at: string };

const BRIDGES: readonly Listed[] = [
  { id: 'br-k3xqaaaaaaaa', project: 'alpha', status: 'running', started_at: '2026-07-01T10:00Z' },
  { id: 'br-k3xqbbbbbbbb', project: 'beta', status: 'running', started_at: '2026-07-01T09:00Z' },
  { id: 'br-m7zzcccccccc', project: 'gamma', status: 'stopped', started_at: '2026-07-01T08:00Z' },
];

const refuse = (status: number, code: string, message: string) =>
  Response.json({ error: { code, message } }, { status });

// The dashboard: `retrying` names projects with a pending autostart retry.
interface FakeOptions {
  retrying?: readonly string[];
  listed?: readonly Listed[];
  /** GET /api/projects: the project names (default: none listed, 404). */
  projects?: readonly string[];
}

// A dashboard answering GET /api/bridges, POST /api/bridges/<id>/stop (a stop of a retrying
// project's ended record cancels its retry) and POST /api/projects/<name>/stop (its live
// bridge, else its pending retry, else nothing-to-stop); records the calls.
function fakeDashboard(options: FakeOptions = {}): { fetch: Fetch; calls: string[] } {
  const { retrying = [], listed = BRIDGES, projects } = options;
  const calls: string[] = [];
  const stopped = (bridge: Listed) => ({ ...bridge, status: 'stopped', reason: null });
  const isLive = (bridge: Listed) => isLiveStatus(bridge.status as BridgeStatus);
  const fetch: Fetch = async (input, init) => {
    const path = new URL(String(input)).pathname;
    calls.push(`${init?.method ?? 'GET'} ${path}`);
    if (path === '/api/bridges') return Response.json({ bridges: listed });
    if (path === '/api/projects' && projects !== undefined)
      return Response.json({ projects: projects.map((name) => ({ name })) });
    const project = /^\/api\/projects\/([^/]+)\/stop$/.exec(path)?.[1];
    if (project !== undefined) {
      const ofProject = listed.filter((b) => b.project === project);
      const live = ofProject.find(isLive);
      if (live !== undefined)
        return Response.json({ bridge: stopped(live), autostart_cancelled: false });
      if (!retrying.includes(project))
        return refuse(409, 'nothing-to-stop', `project "${project}" has nothing to stop`);
      return Response.json({ bridge: ofProject[0] ?? null, autostart_cancelled: true });
    }
    const id = /^\/api\/bridges\/([^/]+)\/stop$/.exec(path)?.[1];
    const bridge = listed.find((b) => b.id === id);
    if (bridge === undefined) return refuse(404, 'unknown-bridge', 'no bridge with that id');
    const cancelled = !isLive(bridge) && retrying.includes(bridge.project);
    return Response.json({ bridge: stopped(bridge), autostart_cancelled: cancelled });
  };
  return { fetch, calls };
}

describe('runStop()', () => {
  const dir = useTempDir();

  async function run(argv: string[], options: FakeOptions = {}) {
    const dashboard = fakeDashboard(options);
    const argvWithUrl = ['stop', ...argv, ...URL_ARGS];
    const result = await runAgainstFakeDashboard(dir.path, argvWithUrl, dashboard.fetch);
    return { ...result, calls: dashboard.calls };
  }

  it('runStop() stops the bridge a unique id prefix names', async () => {
    const result = await run(['br-m7zz']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'gamma: stopped br-m7zzcccccccc\n');
    // A project of that name (none here) would make the prefix ambiguous: looked up first.
    assert.deepEqual(result.calls, [
      'GET /api/bridges',
      'GET /api/projects',
      'POST /api/bridges/br-m7zzcccccccc/stop',
    ]);
  });

  it('runStop() refuses an ambiguous prefix with 2, listing the ids and projects', async () => {
    const result = await run(['br-k3xq']);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      [
        'clauster stop: "br-k3xq" matches 2 bridges (by id prefix or project name); give more characters of the id, or the full id:',
        '  br-k3xqaaaaaaaa  alpha  running',
        '  br-k3xqbbbbbbbb  beta  running',
        '',
      ].join('\n'),
    );
    assert.deepEqual(result.calls, ['GET /api/bridges'], 'nothing was stopped');
  });

  it('runStop() answers 1 for a prefix nothing matches and 2 for one too short', async () => {
    const none = await run(['br-zzzz']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no bridge id starts with "br-zzzz".*clauster status/);
    // Asked by project too: the dashboard's nothing-to-stop is the code.
    const noneJson = await run(['br-zzzz', '--json']);
    assert.equal(JSON.parse(noneJson.stdout).error.code, 'nothing-to-stop');
    const short = await run(['br-k3x']);
    assert.equal(short.code, 2);
    assert.match(short.stderr, /too short for a bridge id prefix/);
    assert.deepEqual(
      [...none.calls, ...short.calls],
      ['GET /api/bridges', 'POST /api/projects/br-zzzz/stop', 'GET /api/bridges'],
      'the dashboard had nothing to stop for br-zzzz either',
    );
  });

  it('runStop() still takes a full id and a project name', async () => {
    const byId = await run(['br-k3xqbbbbbbbb']);
    assert.equal(byId.code, 0, byId.stderr);
    assert.equal(byId.stdout, 'beta: stopped br-k3xqbbbbbbbb\n');
    // A full id wins outright: no project lookup.
    assert.deepEqual(byId.calls, ['GET /api/bridges', 'POST /api/bridges/br-k3xqbbbbbbbb/stop']);
    const byProject = await run(['alpha']);
    assert.equal(byProject.code, 0, byProject.stderr);
    assert.equal(byProject.stdout, 'alpha: stopped br-k3xqaaaaaaaa\n');
    // By project: the dashboard picks the live bridge itself, in one step.
    assert.deepEqual(byProject.calls, ['GET /api/bridges', 'POST /api/projects/alpha/stop']);
  });

  it('runStop() of a project with no live bridge cancels a pending autostart retry, else refuses', async () => {
    const cancelled = await run(['gamma'], { retrying: ['gamma'] });
    assert.equal(cancelled.code, 0, cancelled.stderr);
    assert.equal(cancelled.stdout, 'gamma: stopped br-m7zzcccccccc; autostart retry cancelled\n');
    assert.deepEqual(cancelled.calls, ['GET /api/bridges', 'POST /api/projects/gamma/stop']);
    const json = await run(['gamma', '--json'], { retrying: ['gamma'] });
    assert.equal(JSON.parse(json.stdout).autostart_cancelled, true);
    const none = await run(['gamma']);
    assert.equal(none.code, 1);
    assert.equal(none.stdout, '');
    assert.match(none.stderr, /^clauster stop: project "gamma" has no live bridge/);
    // --json: the dashboard's code, worded from the list like the line on stderr.
    const noneJson = await run(['gamma', '--json']);
    assert.equal(noneJson.code, 1);
    const message = 'project "gamma" has no live bridge (see `clauster status`)';
    assert.deepEqual(JSON.parse(noneJson.stdout), { error: { code: 'nothing-to-stop', message } });
  });

  it('runStop() cancels the retry of a project that has no record at all', async () => {
    // An autostart project whose start is refused (untrusted, say) retries without a record.
    const text = await run(['delta'], { retrying: ['delta'] });
    assert.equal(text.code, 0, text.stderr);
    assert.equal(text.stdout, 'delta: autostart retry cancelled\n');
    assert.deepEqual(text.calls, ['GET /api/bridges', 'POST /api/projects/delta/stop']);
    const json = await run(['delta', '--json'], { retrying: ['delta'] });
    assert.deepEqual(JSON.parse(json.stdout), { bridge: null, autostart_cancelled: true });
    const none = await run(['delta']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /^clauster stop: project "delta" has no live bridge/);
  });

  it('runStop() of a project named like an id prefix goes by project, never by a later match', async () => {
    // Project `br-abcd` (a valid name that is also an id prefix) has only a crashed record.
    const own = { id: 'br-m7zzeeeeeeee', project: 'br-abcd', status: 'crashed', started_at: 'x' };
    const result = await run(['br-abcd'], { retrying: ['br-abcd'], listed: [...BRIDGES, own] });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `br-abcd: crashed ${own.id}; autostart retry cancelled\n`);
    assert.deepEqual(result.calls, ['GET /api/bridges', 'POST /api/projects/br-abcd/stop']);
  });

  it('runStop() refuses a project name without records that is also another bridge id prefix', async () => {
    // Project `br-m7zz` has only a pending retry (no record); gamma's bridge id starts so too.
    const clash = await run(['br-m7zz'], { retrying: ['br-m7zz'], projects: ['br-m7zz', 'gamma'] });
    assert.equal(clash.code, 2);
    assert.equal(
      clash.stderr,
      [
        'clauster stop: "br-m7zz" is a project\'s name and also matches a bridge by id; give the full id to stop the bridge (cancel the project\'s autostart retry with Stop retrying on its card):',
        '  br-m7zzcccccccc  gamma  stopped',
        '  project br-m7zz',
        '',
      ].join('\n'),
    );
    assert.deepEqual(clash.calls, ['GET /api/bridges', 'GET /api/projects'], 'nothing stopped');
    // No project of that name: the id prefix stands.
    const byId = await run(['br-m7zz'], { projects: ['gamma'] });
    assert.equal(byId.code, 0, byId.stderr);
    assert.equal(byId.stdout, 'gamma: stopped br-m7zzcccccccc\n');
  });

  it('runStop() --help explains the id prefix', async () => {
    const result = await run(['--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /unique\nprefix of one with at least 4 characters after br-/);
  });
});
