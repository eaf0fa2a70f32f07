import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type BridgeStatus, isLiveStatus } from '../../src/bridges/record.js';
import type { Fetch } from '../../src/system/ports.js';
import { runAgainstFakeDashboard } from '../support/cli-run.js';
import { useTempDir } from '../support/temp.js';

const URL_ARGS = ['--url', 'http://127.0.0.1:7621'];

type Listed = { id: string; project: string; status: string; started_at: string };

const BRIDGES: Listed[] = [
  { id: 'br-k3xqaaaaaaaa', project: 'alpha', status: 'running', started_at: '2026-07-01T10:00Z' },
  { id: 'br-k3xqbbbbbbbb', project: 'beta', status: 'running', started_at: '2026-07-01T09:00Z' },
  { id: 'br-m7zzcccccccc', project: 'gamma', status: 'stopped', started_at: '2026-07-01T08:00Z' },
];

// A dashboard answering GET /api/bridges and POST /api/bridges/<id>/stop; records the calls.
// `cancels`: the stop of a bridge that is not live answers that it cancelled an autostart retry.
function fakeDashboard(cancels = false): { fetch: Fetch; calls: string[] } {
  const calls: string[] = [];
  const fetch: Fetch = async (input, init) => {
    const path = new URL(String(input)).pathname;
    calls.push(`${init?.method ?? 'GET'} ${path}`);
    if (path === '/api/bridges') return Response.json({ bridges: BRIDGES });
    const id = /^\/api\/bridges\/([^/]+)\/stop$/.exec(path)?.[1];
    const bridge = BRIDGES.find((b) => b.id === id);
    if (bridge === undefined) {
      return Response.json(
        { error: { code: 'unknown-bridge', message: 'no bridge with that id' } },
        { status: 404 },
      );
    }
    const autostart_cancelled = cancels && bridge.status === 'stopped';
    return Response.json({
      bridge: { ...bridge, status: 'stopped', reason: null },
      autostart_cancelled,
    });
  };
  return { fetch, calls };
}

describe('runStop()', () => {
  const dir = useTempDir();

  async function run(argv: string[], cancels = false) {
    const dashboard = fakeDashboard(cancels);
    const argvWithUrl = ['stop', ...argv, ...URL_ARGS];
    const result = await runAgainstFakeDashboard(dir.path, argvWithUrl, dashboard.fetch);
    return { ...result, calls: dashboard.calls };
  }

  it('runStop() stops the bridge a unique id prefix names', async () => {
    const result = await run(['br-m7zz']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'gamma: stopped br-m7zzcccccccc\n');
    assert.deepEqual(result.calls, ['GET /api/bridges', 'POST /api/bridges/br-m7zzcccccccc/stop']);
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
    const short = await run(['br-k3x']);
    assert.equal(short.code, 2);
    assert.match(short.stderr, /too short for a bridge id prefix/);
    assert.deepEqual([...none.calls, ...short.calls], ['GET /api/bridges', 'GET /api/bridges']);
  });

  it('runStop() still takes a full id and a project name', async () => {
    const byId = await run(['br-k3xqbbbbbbbb']);
    assert.equal(byId.code, 0, byId.stderr);
    assert.equal(byId.stdout, 'beta: stopped br-k3xqbbbbbbbb\n');
    const byProject = await run(['alpha']);
    assert.equal(byProject.code, 0, byProject.stderr);
    assert.equal(byProject.stdout, 'alpha: stopped br-k3xqaaaaaaaa\n');
  });

  it('runStop() of a project with no live bridge cancels a pending autostart retry, else refuses', async () => {
    const cancelled = await run(['gamma'], true);
    assert.equal(cancelled.code, 0, cancelled.stderr);
    assert.equal(cancelled.stdout, 'gamma: stopped br-m7zzcccccccc; autostart retry cancelled\n');
    assert.deepEqual(cancelled.calls, [
      'GET /api/bridges',
      'POST /api/bridges/br-m7zzcccccccc/stop',
    ]);
    const json = await run(['gamma', '--json'], true);
    assert.equal(JSON.parse(json.stdout).autostart_cancelled, true);
    const none = await run(['gamma']);
    assert.equal(none.code, 1);
    assert.equal(none.stdout, '');
    assert.match(none.stderr, /^clauster stop: project "gamma" has no live bridge/);
  });

  // A dashboard whose list changes after the first read (a retry fired meanwhile); a stop
  // answers the bridge it names as stopped and cancels nothing. Records the calls.
  function changingDashboard(first: Listed[], later: Listed[]): { fetch: Fetch; calls: string[] } {
    const calls: string[] = [];
    const fetch: Fetch = async (input, init) => {
      const path = new URL(String(input)).pathname;
      calls.push(`${init?.method ?? 'GET'} ${path}`);
      if (path === '/api/bridges') {
        const listed = calls.filter((c) => c === 'GET /api/bridges').length;
        return Response.json({ bridges: listed === 1 ? first : later });
      }
      const bridge = later.find((b) => path.includes(b.id)) ?? first[0];
      const live = bridge !== undefined && isLiveStatus(bridge.status as BridgeStatus);
      const stopped = live ? { ...bridge, status: 'stopped' } : bridge;
      return Response.json({ bridge: stopped, autostart_cancelled: false });
    };
    return { fetch, calls };
  }

  it('runStop() stops the bridge a retry started between its list and its stop', async () => {
    // The first list has gamma crashed; by the time its stop is asked, the retry has fired.
    const retried = {
      id: 'br-m7zzdddddddd',
      project: 'gamma',
      status: 'starting',
      started_at: '2026-07-01T11:00Z',
    };
    const crashed = { ...BRIDGES[2], status: 'crashed' } as Listed;
    const { fetch, calls } = changingDashboard([crashed], [crashed, retried]);
    const result = await runAgainstFakeDashboard(dir.path, ['stop', 'gamma', ...URL_ARGS], fetch);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `gamma: stopped ${retried.id}\n`);
    assert.deepEqual(calls, [
      'GET /api/bridges',
      'POST /api/bridges/br-m7zzcccccccc/stop',
      'GET /api/bridges',
      `POST /api/bridges/${retried.id}/stop`,
    ]);
  });

  it('runStop() never stops a bridge of another project that a re-list finds by id prefix', async () => {
    // Project `br-abcd` (a valid name that is also an id prefix) has only a crashed record;
    // by the re-list, another project's bridge whose id starts with `br-abcd` is running.
    const own = { id: 'br-m7zzeeeeeeee', project: 'br-abcd', status: 'crashed', started_at: 'x' };
    const other = { id: 'br-abcdffffffff', project: 'other', status: 'running', started_at: 'y' };
    const { fetch, calls } = changingDashboard([own], [own, other]);
    const result = await runAgainstFakeDashboard(dir.path, ['stop', 'br-abcd', ...URL_ARGS], fetch);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /no project of that name has a live bridge/, 'refused, not silent');
    assert.ok(!calls.includes(`POST /api/bridges/${other.id}/stop`), calls.join(', '));
  });

  it('runStop() --help explains the id prefix', async () => {
    const result = await run(['--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /unique\nprefix of one with at least 4 characters after br-/);
  });
});
