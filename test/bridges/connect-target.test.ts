import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConnectTarget } from '../../src/bridges/connect-target.js';
import type { BridgeWithLiveness } from '../../src/bridges/liveness.js';
import type { BridgeStatus } from '../../src/bridges/record.js';
import { fakeBridge } from '../support/bridge-fixture.js';

const SESSION_URL = 'https://claude.ai/code/session_01FakeSesAbCdEfGh';
const ENV_URL = 'https://claude.ai/code?environment=env_01FakeEnvAbCdEf';

function bridge(
  id: string,
  project: string,
  state: { status: BridgeStatus; alive: boolean; url?: string | null; started?: string },
): BridgeWithLiveness {
  const url = state.url === undefined ? SESSION_URL : state.url;
  const started_at = `2026-07-01T${state.started ?? '10:00'}:00.000Z`;
  const pid = state.alive ? 4242 : null;
  return {
    ...fakeBridge({ id, project, status: state.status, url, pid, started_at }),
    alive: state.alive,
  };
}

const BRIDGES = [
  bridge('br-aaaaaaaaaaaa', 'alpha', { status: 'running', alive: true }),
  // beta: a stale live record (process gone) older than its alive bridge, and a stopped one.
  bridge('br-bbbbbbbbbbbb', 'beta', { status: 'running', alive: false, started: '08:00' }),
  bridge('br-bbbbcccccccc', 'beta', { status: 'running', alive: true, url: ENV_URL }),
  bridge('br-bbbbdddddddd', 'beta', { status: 'stopped', alive: false, started: '12:00' }),
  bridge('br-eeeeeeeeeeee', 'gamma', { status: 'stopped', alive: false }),
  bridge('br-ffffffffffff', 'delta', { status: 'running', alive: false }),
  bridge('br-gggggggggggg', 'eps', { status: 'starting', alive: true, url: null }),
  bridge('br-hhhhhhhhhhhh', 'zeta', { status: 'error', alive: true, url: null }),
  bridge('br-iiiiiiiiiiii', 'eta', {
    status: 'running',
    alive: true,
    url: 'http://evil.example/x',
  }),
  bridge('br-jjjjjjjjjjjj', 'theta', { status: 'running', alive: true }),
  bridge('br-jjjjkkkkkkkk', 'theta', { status: 'running', alive: true }),
];

type Expected = { bridge: string; url?: string } | { code: string; detail: RegExp };

const CASES: Array<[string, Expected]> = [
  ['alpha', { bridge: 'br-aaaaaaaaaaaa', url: SESSION_URL }],
  ['br-aaaaaaaaaaaa', { bridge: 'br-aaaaaaaaaaaa' }],
  ['br-aaaa', { bridge: 'br-aaaaaaaaaaaa' }],
  ['beta', { bridge: 'br-bbbbcccccccc', url: ENV_URL }],
  ['br-bbbbc', { bridge: 'br-bbbbcccccccc' }],
  ['br-bbbb', { code: 'ambiguous', detail: /matches 3 bridges/ }],
  ['br-bbbbd', { code: 'not-running', detail: /br-bbbbdddddddd \(beta\) is stopped; start it/ }],
  ['gamma', { code: 'not-running', detail: /is stopped; start it with `clauster start gamma`/ }],
  ['delta', { code: 'not-running', detail: /recorded as running but its process is gone/ }],
  ['eps', { code: 'no-url', detail: /no connect URL yet \(it is starting; try again/ }],
  ['zeta', { code: 'no-url', detail: /it is error; see `clauster logs br-hhhhhhhhhhhh`/ }],
  ['eta', { code: 'bad-url', detail: /not a claude\.ai\/code connect URL; refusing/ }],
  ['theta', { code: 'ambiguous', detail: /"theta" has 2 live bridges[\s\S]*br-jjjjkkkkkkkk/ }],
  ['nope', { code: 'not-found', detail: /project "nope" has no bridge/ }],
  ['br-zzzzzzzzzzzz', { code: 'not-found', detail: /no bridge br-zzzzzzzzzzzz in bridges\.json/ }],
  ['br-a', { code: 'too-short', detail: /at least 4 characters/ }],
];

describe('resolveConnectTarget()', () => {
  for (const [ref, expected] of CASES) {
    it(`resolveConnectTarget() resolves ${JSON.stringify(ref)}`, () => {
      const result = resolveConnectTarget(ref, BRIDGES);
      if ('bridge' in expected) {
        assert.ok(result.ok, result.ok ? '' : result.detail);
        assert.equal(result.value.bridge, expected.bridge);
        if (expected.url !== undefined) assert.equal(result.value.url, expected.url);
        return;
      }
      assert.ok(!result.ok);
      assert.equal(result.code, expected.code);
      assert.match(result.detail, expected.detail);
      // Refusals never show a URL, valid or not.
      assert.doesNotMatch(result.detail, /https?:|session_|env_|evil/);
    });
  }

  it('resolveConnectTarget() returns the JSON shape of `clauster open --json`', () => {
    assert.deepEqual(resolveConnectTarget('alpha', BRIDGES), {
      ok: true,
      value: { bridge: 'br-aaaaaaaaaaaa', project: 'alpha', status: 'running', url: SESSION_URL },
    });
  });

  it('resolveConnectTarget() refuses URLs with control characters or extra text', () => {
    for (const url of [
      `${SESSION_URL}\u001b[2J`,
      `\u001b]8;;${SESSION_URL}\u0007`,
      `${SESSION_URL}\nhttps://evil.example/`,
      `${SESSION_URL}?x=1`,
    ]) {
      const only = [bridge('br-aaaaaaaaaaaa', 'alpha', { status: 'running', alive: true, url })];
      const result = resolveConnectTarget('alpha', only);
      assert.ok(!result.ok);
      assert.equal(result.code, 'bad-url', JSON.stringify(url));
      assert.ok(!result.detail.includes('\u001b') && !result.detail.includes('\n'));
    }
  });
});
