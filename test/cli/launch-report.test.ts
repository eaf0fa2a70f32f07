import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Clock, Fetch } from '../../src/system/ports.js';
import { runAgainstFakeDashboard } from '../support/cli-run.js';
import { useTempDir } from '../support/temp.js';

// How `clauster start` and `restart` end once the bridge was launched: a wait that ran out
// while it is still starting, and a bridge that went down, in human and --json mode.

const dir = useTempDir();
const URL_ARGS = ['--url', 'http://127.0.0.1:7621'];
const ID = 'br-g4mmg4mmg4mm';
const OLD_ID = 'br-g4mmoldoldol';
const REASON = 'Error: getaddrinfo ENOTFOUND api.anthropic.com';
const NEXT_STEP =
  "what to do: This server could not reach Anthropic's API: check its DNS, outbound HTTPS and any proxy variables in claude.env, then start the bridge again.\n";

type Final = { status: string; reason: string | null };

function bridgeOf(final: Final) {
  return { id: ID, project: 'gamma', status: final.status, url: null, reason: final.reason };
}

// A dashboard whose launch answers `starting` and whose polls answer `final`; records calls.
function fakeDashboard(final: Final): { fetch: Fetch; calls: string[] } {
  const calls: string[] = [];
  const fetch: Fetch = async (input, init) => {
    const path = new URL(String(input)).pathname;
    calls.push(`${init?.method ?? 'GET'} ${path}`);
    if (path === '/api/bridges') {
      const old = { id: OLD_ID, project: 'gamma', status: 'crashed', started_at: '2026-07-01' };
      return Response.json({ bridges: [old] });
    }
    if (path === `/api/bridges/${ID}`) return Response.json({ bridge: bridgeOf(final) });
    const starting = { bridge: bridgeOf({ status: 'starting', reason: null }) };
    return Response.json(starting, { status: 201 });
  };
  return { fetch, calls };
}

// A clock that moves `stepMs` on each reading, so a wait runs out after a few polls.
function steppingClock(stepMs: number): Clock {
  let now = Date.parse('2026-07-01T10:00:00Z');
  return {
    now: () => {
      now += stepMs;
      return now;
    },
  };
}

async function run(argv: string[], final: Final, stepMs = 500) {
  const dashboard = fakeDashboard(final);
  const withUrl = [...argv, ...URL_ARGS];
  const deps = { clock: steppingClock(stepMs) };
  const result = await runAgainstFakeDashboard(dir.path, withUrl, dashboard.fetch, deps);
  return { ...result, calls: dashboard.calls };
}

const STILL_STARTING = { status: 'starting', reason: null };
const TIMEOUT_LINE = (command: string, seconds: number) =>
  `clauster ${command}: gamma: bridge ${ID} is still starting after waiting ${seconds} s; ` +
  'see `clauster status`, or wait longer with --wait SECONDS\n';

describe('start/restart: a wait that loses track of the bridge', () => {
  it('start --json whose status check gets 404 says so (wait-lost), not that it waited the full time', async () => {
    const dashboard = fakeDashboard(STILL_STARTING);
    const polls: Fetch = async (input, init) =>
      new URL(String(input)).pathname === `/api/bridges/${ID}`
        ? Response.json(
            { error: { code: 'unknown-bridge', message: 'no such bridge' } },
            { status: 404 },
          )
        : dashboard.fetch(input, init);
    const argv = ['start', 'gamma', '--json', '--wait', '30', ...URL_ARGS];
    const deps = { clock: steppingClock(500) };
    const { code, stdout, stderr } = await runAgainstFakeDashboard(dir.path, argv, polls, deps);
    assert.equal(code, 1);
    const message = `gamma: lost track of bridge ${ID} while it was starting: the dashboard answered HTTP 404 to a status check; see \`clauster status\``;
    assert.deepEqual(JSON.parse(stdout), {
      error: { code: 'wait-lost', message },
      bridge: bridgeOf(STILL_STARTING),
    });
    assert.equal(stderr, `clauster start: ${message}\n`);
  });
});

describe('start/restart: a dashboard that stops answering during the wait', () => {
  it('start --json names the launched bridge (wait-lost), not only that the dashboard is unreachable', async () => {
    const dashboard = fakeDashboard(STILL_STARTING);
    const gone: Fetch = async (input, init) => {
      if (new URL(String(input)).pathname === `/api/bridges/${ID}`)
        throw new TypeError('fetch failed');
      return dashboard.fetch(input, init);
    };
    const argv = ['start', 'gamma', '--json', '--wait', '30', ...URL_ARGS];
    const deps = { clock: steppingClock(500) };
    const { code, stdout, stderr } = await runAgainstFakeDashboard(dir.path, argv, gone, deps);
    assert.equal(code, 1);
    const message = `gamma: lost track of bridge ${ID} while it was starting: the dashboard stopped answering; see \`clauster status\``;
    assert.deepEqual(JSON.parse(stdout), {
      error: { code: 'wait-lost', message },
      bridge: bridgeOf(STILL_STARTING),
    });
    assert.equal(stderr, `clauster start: ${message}\n`);
  });
});

describe('start/restart: a wait that runs out', () => {
  it('start --wait 2 still starting exits 1 with wait-timeout on stderr and nothing on stdout', async () => {
    const result = await run(['start', 'gamma', '--wait', '2'], STILL_STARTING);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, TIMEOUT_LINE('start', 2));
    assert.ok(result.calls.includes(`GET /api/bridges/${ID}`), result.calls.join(', '));
  });

  it('start --json --wait 2 still starting prints {error: wait-timeout, bridge} and exits 1', async () => {
    const result = await run(['start', 'gamma', '--json', '--wait', '2'], STILL_STARTING);
    assert.equal(result.code, 1);
    const message = TIMEOUT_LINE('start', 2).slice('clauster start: '.length, -1);
    const error = { code: 'wait-timeout', message };
    assert.deepEqual(JSON.parse(result.stdout), { error, bridge: bridgeOf(STILL_STARTING) });
    assert.equal(result.stderr, TIMEOUT_LINE('start', 2));
  });

  it('the default wait (60 s) is a positive wait too', async () => {
    const result = await run(['start', 'gamma'], STILL_STARTING, 30_000);
    assert.equal(result.code, 1);
    assert.equal(result.stderr, TIMEOUT_LINE('start', 60));
  });

  it('restart --json --wait 1 still starting reports wait-timeout as restart', async () => {
    const result = await run(['restart', 'gamma', '--json', '--wait', '1'], STILL_STARTING);
    assert.equal(result.code, 1);
    const body = JSON.parse(result.stdout) as { error: { code: string }; bridge: { id: string } };
    assert.equal(body.error.code, 'wait-timeout');
    assert.equal(body.bridge.id, ID);
    assert.equal(result.stderr, TIMEOUT_LINE('restart', 1));
    assert.equal(result.calls[1], `POST /api/bridges/${OLD_ID}/restart`);
  });

  it('--wait 0 does not wait: the starting bridge, exit 0, in both modes', async () => {
    const human = await run(['start', 'gamma', '--wait', '0'], STILL_STARTING);
    assert.equal(human.code, 0, human.stderr);
    assert.equal(human.stdout, `gamma: starting ${ID}\n`);
    assert.equal(human.stderr, '');
    const json = await run(['restart', 'gamma', '--json', '--wait', '0'], STILL_STARTING);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), { bridge: bridgeOf(STILL_STARTING) });
    assert.equal(json.stderr, '');
    assert.ok(!json.calls.includes(`GET /api/bridges/${ID}`));
  });
});

describe('start/restart: a bridge that went down', () => {
  const crashed = { status: 'crashed', reason: REASON };

  it('start crashed prints the CLI line and what to do on stderr only and exits 1', async () => {
    const result = await run(['start', 'gamma'], crashed);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr, `clauster start: gamma: crashed ${ID} ${REASON}\n${NEXT_STEP}`);
  });

  it('a reason that names no known cause gets no what-to-do line', async () => {
    const result = await run(['start', 'gamma'], {
      status: 'crashed',
      reason: 'exited with code 3',
    });
    assert.equal(result.code, 1);
    assert.equal(result.stderr, `clauster start: gamma: crashed ${ID} exited with code 3\n`);
  });

  it('start --json crashed prints {error: bridge-crashed, bridge} and the stderr line', async () => {
    const result = await run(['start', 'gamma', '--json'], crashed);
    assert.equal(result.code, 1);
    const error = { code: 'bridge-crashed', message: REASON };
    assert.deepEqual(JSON.parse(result.stdout), { error, bridge: bridgeOf(crashed) });
    assert.equal(result.stderr, `clauster start: gamma: crashed ${ID} ${REASON}\n${NEXT_STEP}`);
  });

  it('restart --json error without a reason names the bridge in the message', async () => {
    const error = { status: 'error', reason: null };
    const result = await run(['restart', 'gamma', '--json'], error);
    assert.equal(result.code, 1);
    const message = `bridge ${ID} of gamma is error`;
    assert.deepEqual(JSON.parse(result.stdout), {
      error: { code: 'bridge-error', message },
      bridge: bridgeOf(error),
    });
    assert.equal(result.stderr, `clauster restart: gamma: error ${ID}\n`);
  });
});
