// The pending autostart retry in the client (web/src/autostart-retry.ts, state.ts): the line's
// words and countdown, what is announced, which bridge Stop retrying stops, and the state the
// snapshot and autostart events keep.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { announceRetry, describeRetry, retryStopTarget } from '../../web/src/autostart-retry.js';
import type { Bridge } from '../../web/src/contract.js';
import { applyEvent, state } from '../../web/src/state.js';
import { fakeBridge } from '../support/bridge-fixture.js';

const AT = Date.parse('2026-07-01T10:00:00.000Z');
const RETRY = { project: 'notes', retry_at: '2026-07-01T10:00:32.000Z', attempt: 3 };

function bridge(id: string, status: Bridge['status'], minute: number, project = 'notes'): Bridge {
  const started_at = new Date(AT + minute * 60_000).toISOString();
  return fakeBridge({ id, project, status, started_at });
}

describe('autostart-retry', () => {
  it('describeRetry() counts down to the due time, then says now', () => {
    assert.equal(describeRetry(RETRY, AT), 'Autostart retries in 32 s (attempt 3)');
    assert.equal(describeRetry(RETRY, AT + 31_400), 'Autostart retries now (attempt 3)');
    assert.equal(describeRetry(RETRY, AT + 90_000), 'Autostart retries now (attempt 3)');
    const later = { project: 'notes', retry_at: '2026-07-01T10:04:10.000Z' };
    assert.equal(describeRetry(later, AT), 'Autostart retries in 4 min 10 s');
  });

  it('announceRetry() names the project and attempt, never the countdown', () => {
    assert.equal(announceRetry(RETRY), 'Autostart retry pending for notes (attempt 3)');
    assert.equal(announceRetry(null), '');
  });

  it("retryStopTarget() is the project's newest bridge, unless that one is live", () => {
    const old = bridge('br-aaaaaaaaaaaa', 'crashed', 0);
    const newest = bridge('br-bbbbbbbbbbbb', 'crashed', 5);
    const other = bridge('br-cccccccccccc', 'crashed', 9, 'demo-app');
    assert.equal(retryStopTarget([newest, old, other], 'notes'), newest);
    assert.equal(retryStopTarget([old, other], 'notes'), old);
    const live = bridge('br-dddddddddddd', 'starting', 7);
    assert.equal(retryStopTarget([old, newest, live], 'notes'), null);
    assert.equal(retryStopTarget([other], 'notes'), null);
  });
});

describe('state: autostart retries', () => {
  beforeEach(() => {
    applyEvent({ type: 'snapshot', bridges: [], clone_jobs: [] });
  });

  it('applyEvent() keeps the snapshot retries and follows autostart events', () => {
    assert.deepEqual([...state.autostartRetries.values()], []);
    applyEvent({ type: 'snapshot', bridges: [], clone_jobs: [], autostart_retries: [RETRY] });
    assert.deepEqual(state.autostartRetries.get('notes'), RETRY);
    const next = { project: 'notes', retry_at: '2026-07-01T10:01:36.000Z', attempt: 4 };
    applyEvent({ type: 'autostart', ...next });
    assert.deepEqual(state.autostartRetries.get('notes'), next);
    applyEvent({ type: 'autostart', project: 'notes', retry_at: null });
    assert.equal(state.autostartRetries.has('notes'), false);
    applyEvent({ type: 'autostart', ...next });
    applyEvent({ type: 'snapshot', bridges: [], clone_jobs: [] });
    assert.equal(state.autostartRetries.size, 0, 'a snapshot is the whole truth');
  });
});
