// The pending autostart retry in the client (web/src/autostart-retry.ts, state.ts): the line's
// words and countdown (from the message's receipt plus the server's delay_ms, so a browser clock
// minutes off still counts right), why the last start was refused, what is announced, which
// bridge page shows the line (the card's bridge, never another on a tie) and when Stop retrying
// is offered, and the state the snapshot and autostart events keep.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import {
  announceRetry,
  describeRefusal,
  describeRetry,
  hasLiveBridge,
  retryCountdown,
  retryPageBridge,
} from '../../web/src/autostart-retry.js';
import { type Bridge, isLive } from '../../web/src/contract.js';
import { applyEvent, bridgeForProject, state } from '../../web/src/state.js';
import { fakeBridge, fakeProject } from '../support/bridge-fixture.js';

const AT = Date.parse('2026-07-01T10:00:00.000Z');
const RETRY = {
  project: 'notes',
  retry_at: '2026-07-01T10:00:32.000Z',
  attempt: 3,
  delay_ms: 32_000,
};
const REFUSED = {
  ...RETRY,
  refused: {
    code: 'untrusted',
    message: 'project notes: the claude CLI does not trust /srv/notes',
  },
};
// The browser's clock, 5 min ahead of the server's: retry_at is in its past.
const SKEWED = AT + 5 * 60_000;

function bridge(id: string, status: Bridge['status'], minute: number, project = 'notes'): Bridge {
  const started_at = new Date(AT + minute * 60_000).toISOString();
  return fakeBridge({ id, project, status, started_at });
}

describe('autostart-retry', () => {
  it('describeRetry() counts down from receipt plus delay_ms, then says now', () => {
    const retry = retryCountdown(RETRY, AT);
    assert.equal(describeRetry(retry, AT), 'Autostart retries in 32 s (attempt 3)');
    assert.equal(describeRetry(retry, AT + 31_400), 'Autostart retries now (attempt 3)');
    assert.equal(describeRetry(retry, AT + 90_000), 'Autostart retries now (attempt 3)');
    const later = { ...RETRY, retry_at: '2026-07-01T10:04:10.000Z', attempt: 1, delay_ms: 250_000 };
    const shown = describeRetry(retryCountdown(later, AT), AT);
    assert.equal(shown, 'Autostart retries in 4 min 10 s (attempt 1)');
  });

  it('retryCountdown() ignores retry_at, so a browser clock far off still counts right', () => {
    // retry_at is 5 min before the browser's clock (and another 5 min after): delay_ms rules.
    const retry = { ...RETRY, retry_at: new Date(SKEWED - 5 * 60_000).toISOString() };
    const due = retryCountdown({ ...retry, delay_ms: 10_000 }, SKEWED);
    assert.equal(due.due, SKEWED + 10_000);
    assert.equal(describeRetry(due, SKEWED), 'Autostart retries in 10 s (attempt 3)');
    assert.equal(describeRetry(due, SKEWED + 4_000), 'Autostart retries in 6 s (attempt 3)');
    const ahead = { ...RETRY, retry_at: new Date(SKEWED + 5 * 60_000).toISOString() };
    const soon = retryCountdown({ ...ahead, delay_ms: 10_000 }, SKEWED);
    assert.equal(describeRetry(soon, SKEWED), 'Autostart retries in 10 s (attempt 3)');
    // A negative or missing delay counts as due now, never as a wait.
    assert.equal(retryCountdown({ ...RETRY, delay_ms: -5 }, AT).due, AT);
    assert.equal(retryCountdown({ ...RETRY, delay_ms: Number.NaN }, AT).due, AT);
  });

  it('announceRetry() names the project and attempt, never the countdown', () => {
    assert.equal(announceRetry(RETRY), 'Autostart retry pending for notes (attempt 3)');
    assert.equal(announceRetry(null), '');
  });

  it('describeRefusal() says why the last start was refused, and announceRetry() too', () => {
    // The project is named by the card already: its name is not repeated.
    const why = 'Last start refused: the claude CLI does not trust /srv/notes';
    assert.equal(describeRefusal(REFUSED), why);
    assert.equal(announceRetry(REFUSED), `Autostart retry pending for notes (attempt 3). ${why}`);
    // The countdown keeps its own words: the reason is a separate line.
    assert.equal(
      describeRetry(retryCountdown(REFUSED, AT), AT),
      'Autostart retries in 32 s (attempt 3)',
    );
    // After a crash (null) or from an older server (absent): nothing to say.
    assert.equal(describeRefusal({ ...RETRY, refused: null }), '');
    assert.equal(describeRefusal(RETRY), '');
    assert.equal(describeRefusal(null), '');
    // A refusal without words still names its code.
    const bare = { ...RETRY, refused: { code: 'max-bridges', message: '' } };
    assert.equal(describeRefusal(bare), 'Last start refused: max-bridges');
    // Another project's name stays (only the retry's own prefix goes).
    const other = { ...RETRY, refused: { code: 'x', message: 'project demo: gone' } };
    assert.equal(describeRefusal(other), 'Last start refused: project demo: gone');
  });

  it("retryPageBridge() is the project's newest bridge, unless that one is live", () => {
    const old = bridge('br-aaaaaaaaaaaa', 'crashed', 0);
    const newest = bridge('br-bbbbbbbbbbbb', 'crashed', 5);
    const other = bridge('br-cccccccccccc', 'crashed', 9, 'demo-app');
    assert.equal(retryPageBridge([newest, old, other], 'notes'), newest);
    assert.equal(retryPageBridge([old, other], 'notes'), old);
    const live = bridge('br-dddddddddddd', 'starting', 7);
    assert.equal(retryPageBridge([old, newest, live], 'notes'), null);
    assert.equal(retryPageBridge([other], 'notes'), null);
  });

  it('hasLiveBridge() looks at the one project only', () => {
    const crashed = bridge('br-aaaaaaaaaaaa', 'crashed', 0);
    const elsewhere = bridge('br-cccccccccccc', 'running', 9, 'demo-app');
    assert.equal(hasLiveBridge([crashed, elsewhere], 'notes'), false);
    assert.equal(hasLiveBridge([], 'notes'), false);
    assert.equal(hasLiveBridge([crashed, bridge('br-dddddddddddd', 'starting', 7)], 'notes'), true);
  });
});

describe('autostart-retry and the card: one bridge of a project', () => {
  const notes = fakeProject({ name: 'notes' });
  // The records as the dashboard holds them (snapshot order), and what the retry line picks.
  function hold(bridges: Bridge[]) {
    applyEvent({ type: 'snapshot', bridges, clone_jobs: [] });
    const card = bridgeForProject(notes);
    const page = retryPageBridge(state.bridges.values(), 'notes');
    return { card, page, live: hasLiveBridge(state.bridges.values(), 'notes') };
  }

  it("retryPageBridge() is the card's bridge on a tie, the later record as on the server", () => {
    const first = bridge('br-aaaaaaaaaaaa', 'crashed', 3);
    const second = bridge('br-bbbbbbbbbbbb', 'stopped', 3);
    assert.deepEqual(hold([first, second]), { card: second, page: second, live: false });
    assert.deepEqual(hold([second, first]), { card: first, page: first, live: false });
  });

  it('retryPageBridge() is null when the card shows a live bridge, even an older one', () => {
    const running = bridge('br-aaaaaaaaaaaa', 'running', 0);
    const stopped = bridge('br-bbbbbbbbbbbb', 'stopped', 5);
    assert.deepEqual(hold([running, stopped]), { card: running, page: null, live: true });
  });

  it('retryPageBridge() and hasLiveBridge() agree with bridgeForProject() on any records', () => {
    const statuses: Bridge['status'][] = ['starting', 'running', 'stopped', 'crashed', 'error'];
    const record = fc.record({
      status: fc.constantFrom(...statuses),
      // Few start times: ties are common.
      minute: fc.integer({ min: 0, max: 2 }),
      other: fc.boolean(),
      pid: fc.constantFrom(null, 4242),
    });
    fc.assert(
      fc.property(fc.array(record, { maxLength: 6 }), (records) => {
        const bridges = records.map((r, i) => ({
          ...bridge(
            `br-${'abcdef'[i]?.repeat(12)}`,
            r.status,
            r.minute,
            r.other ? 'demo' : 'notes',
          ),
          pid: r.pid,
        }));
        const { card, page, live } = hold(bridges);
        assert.equal(page, isLive(card) ? null : card);
        assert.equal(live, isLive(card));
      }),
    );
  });
});

describe('state: autostart retries', () => {
  beforeEach(() => {
    applyEvent({ type: 'snapshot', bridges: [], clone_jobs: [] });
  });

  it('applyEvent() keeps the snapshot retries and follows autostart events', () => {
    assert.deepEqual([...state.autostartRetries.values()], []);
    applyEvent(
      { type: 'snapshot', bridges: [], clone_jobs: [], autostart_retries: [RETRY] },
      SKEWED,
    );
    assert.deepEqual(state.autostartRetries.get('notes'), { ...RETRY, due: SKEWED + 32_000 });
    const next = { project: 'notes', retry_at: '2026-07-01T10:01:36.000Z', attempt: 4 };
    applyEvent({ type: 'autostart', ...next, delay_ms: 96_000 }, SKEWED);
    const shown = state.autostartRetries.get('notes');
    assert.deepEqual(shown, { ...next, delay_ms: 96_000, refused: null, due: SKEWED + 96_000 });
    assert.equal(
      shown && describeRetry(shown, SKEWED),
      'Autostart retries in 1 min 36 s (attempt 4)',
    );
    const { refused } = REFUSED;
    applyEvent({ type: 'autostart', ...next, delay_ms: 96_000, refused }, SKEWED);
    assert.deepEqual(state.autostartRetries.get('notes')?.refused, refused);
    applyEvent({ type: 'autostart', project: 'notes', retry_at: null });
    assert.equal(state.autostartRetries.has('notes'), false);
    applyEvent({ type: 'autostart', ...next, delay_ms: 96_000 });
    applyEvent({ type: 'snapshot', bridges: [], clone_jobs: [] });
    assert.equal(state.autostartRetries.size, 0, 'a snapshot is the whole truth');
  });
});
