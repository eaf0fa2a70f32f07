import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type BridgeRefCandidate,
  findBridgeByRef,
  type ProjectPick,
  resolveBridgeRef,
  resolveStopRef,
} from '../../src/bridges/bridge-ref.js';

function bridge(id: string, project: string, status: string, started: string): BridgeRefCandidate {
  return {
    id,
    project,
    status: status as BridgeRefCandidate['status'],
    started_at: `2026-07-01T${started}:00.000Z`,
  };
}

const BRIDGES = [
  bridge('br-k3xqaaaaaaaa', 'alpha', 'running', '10:00'),
  bridge('br-k3xqbbbbbbbb', 'beta', 'stopped', '09:00'),
  bridge('br-m7zzcccccccc', 'beta', 'crashed', '11:00'),
  bridge('br-p2p2dddddddd', 'gamma', 'stopped', '08:00'),
  // A project whose name is also an id prefix of another project's bridge.
  bridge('br-q4q4eeeeeeee', 'br-k3xqa', 'running', '12:00'),
  bridge('br-r5r5ffffffff', 'br-m7zz', 'stopped', '07:00'),
  bridge('br-s6s6gggggggg', 'br-ab', 'running', '07:00'),
];

type Expected = { id: string } | { code: string; detail?: RegExp };

const CASES: Array<[string, ProjectPick, Expected]> = [
  // full ids
  ['br-k3xqaaaaaaaa', 'live', { id: 'br-k3xqaaaaaaaa' }],
  ['br-zzzzzzzzzzzz', 'live', { id: 'br-zzzzzzzzzzzz' }],
  // unique prefixes, at least 4 characters after br-
  ['br-m7zzc', 'live', { id: 'br-m7zzcccccccc' }],
  ['br-p2p2', 'live', { id: 'br-p2p2dddddddd' }],
  ['br-p2p2d', 'live-or-newest', { id: 'br-p2p2dddddddd' }],
  // ambiguous prefixes list every candidate
  [
    'br-k3xq',
    'live',
    { code: 'ambiguous', detail: /br-k3xqaaaaaaaa {2}alpha.*\n.*br-k3xqbbbbbbbb/ },
  ],
  // a project name that is also another bridge's id prefix: neither wins
  ['br-k3xqa', 'live', { code: 'ambiguous', detail: /br-k3xqaaaaaaaa.*\n.*br-q4q4eeeeeeee/ }],
  // ... unless both readings name the same bridge, or the project has no bridge to pick
  ['br-m7zz', 'live', { id: 'br-m7zzcccccccc' }],
  ['br-m7zz', 'live-or-newest', { code: 'ambiguous' }],
  // too short to be a prefix: a usage error, unless it is a project's name
  ['br-k3x', 'live', { code: 'too-short', detail: /at least 4 characters after br-/ }],
  ['br-', 'live', { code: 'too-short' }],
  ['br-ab', 'live', { id: 'br-s6s6gggggggg' }],
  // project names
  ['alpha', 'live', { id: 'br-k3xqaaaaaaaa' }],
  ['beta', 'live', { code: 'not-found', detail: /^project "beta" has no live bridge/ }],
  ['beta', 'live-or-newest', { id: 'br-m7zzcccccccc' }],
  ['gamma', 'live-or-newest', { id: 'br-p2p2dddddddd' }],
  ['nope', 'live-or-newest', { code: 'not-found', detail: /^project "nope" has no bridge/ }],
  // restart: the newest bridge that is not live
  ['beta', 'newest-not-live', { id: 'br-m7zzcccccccc' }],
  [
    'alpha',
    'newest-not-live',
    { code: 'not-found', detail: /^project "alpha" has no stopped or crashed bridge/ },
  ],
  // no match at all
  ['br-zzzz', 'live', { code: 'not-found', detail: /no bridge id starts with "br-zzzz"/ }],
  // not an id shape: never matched as a prefix
  ['k3xq', 'live', { code: 'not-found' }],
  ['BR-K3XQAAAAAAAA', 'live', { code: 'not-found' }],
  ['br-k3xqaaaaaaaaa', 'live', { code: 'not-found' }],
];

describe('resolveBridgeRef()', () => {
  for (const [ref, pick, expected] of CASES) {
    it(`resolveBridgeRef() resolves ${JSON.stringify(ref)} (${pick}) to ${JSON.stringify('id' in expected ? expected.id : expected.code)}`, () => {
      const result = resolveBridgeRef(ref, BRIDGES, pick);
      if ('id' in expected) {
        assert.deepEqual(result, { ok: true, value: expected.id });
        return;
      }
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.equal(result.code, expected.code, result.detail);
      if (expected.detail) assert.match(result.detail, expected.detail);
    });
  }

  it('resolveBridgeRef() names the fix in every refusal and masks secrets in the ref', () => {
    const secret = `ghp_${'A'.repeat(36)}`;
    const result = resolveBridgeRef(secret, BRIDGES, 'live');
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.ok(!result.detail.includes(secret), result.detail);
    assert.match(result.detail, /clauster status/);
  });
});

describe('resolveStopRef()', () => {
  const STOPS: Array<[string, unknown]> = [
    // by id: a full id (listed or not) and a unique prefix
    ['br-k3xqaaaaaaaa', { bridge: 'br-k3xqaaaaaaaa' }],
    ['br-zzzzzzzzzzzz', { bridge: 'br-zzzzzzzzzzzz' }],
    ['br-m7zzc', { bridge: 'br-m7zzcccccccc' }],
    // by project: its live bridge, or none (the dashboard looks for a pending retry)
    ['alpha', { project: 'alpha' }],
    ['nope', { project: 'nope' }],
    ['br-ab', { project: 'br-ab' }],
    // a project whose bridges have all ended (only its newest record)
    ['beta', { project: 'beta' }],
    // a prefix nothing matches: by project, whose refusal the caller words from the list
    ['br-zzzz', { project: 'br-zzzz' }],
  ];
  for (const [ref, expected] of STOPS) {
    it(`resolveStopRef() sends ${JSON.stringify(ref)} to ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(resolveStopRef(ref, BRIDGES), { ok: true, value: expected });
    });
  }

  it('resolveStopRef() refuses an ambiguous or too short ref like resolveBridgeRef()', () => {
    for (const [ref, code] of [
      ['br-k3xq', 'ambiguous'],
      ['br-k3xqa', 'ambiguous'],
      ['br-k3x', 'too-short'],
      // a listed project with no live bridge still competes with another's id prefix
      ['br-m7zz', 'ambiguous'],
    ]) {
      const result = resolveStopRef(ref as string, BRIDGES);
      assert.equal(result.ok ? 'ok' : result.code, code, ref);
    }
  });
});

describe('findBridgeByRef()', () => {
  const missing = (id: string) => `no such record ${id}`;

  it('findBridgeByRef() returns the record itself, not only its id', () => {
    const found = findBridgeByRef('beta', BRIDGES, 'newest-not-live', missing);
    assert.deepEqual(found, { ok: true, value: BRIDGES[2] });
  });

  it("findBridgeByRef() refuses a full id no listed bridge has, in the caller's words", () => {
    const found = findBridgeByRef('br-zzzzzzzzzzzz', BRIDGES, 'live', missing);
    assert.deepEqual(found, {
      ok: false,
      code: 'not-found',
      detail: 'no such record br-zzzzzzzzzzzz',
    });
  });

  it('findBridgeByRef() passes an ambiguous ref on, listing one row per candidate', () => {
    const found = findBridgeByRef('br-k3xq', BRIDGES, 'live', missing);
    assert.equal(found.ok, false);
    if (found.ok) return;
    assert.equal(found.code, 'ambiguous');
    assert.match(found.detail, /\n {2}br-k3xqaaaaaaaa {2}alpha {2}running\n/);
    assert.match(found.detail, /\n {2}br-k3xqbbbbbbbb {2}beta {2}stopped$/);
  });
});
