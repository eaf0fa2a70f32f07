// The pending autostart retries on the bus (autostart-retries.ts): each scheduled retry is
// published with its due time, time left (delay_ms) and attempt, and cleared (retry_at null) once it fired, was
// cancelled by a stop of the newest record, or the supervisor closed; autostartRetries() lists
// the pending ones for the /ws/events snapshot.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClausterEvent } from '../../src/events/bus.js';
import {
  autostartSupervisor,
  type BridgeHarness,
  useBridgeHarnesses,
} from '../support/bridge-harness.js';
import { waitFor } from '../support/fake-claude.js';

const harness = useBridgeHarnesses();

type AutostartEvent = Extract<ClausterEvent, { type: 'autostart' }>;
const retries = (h: BridgeHarness): AutostartEvent[] =>
  h.events.flatMap((e) => (e.type === 'autostart' ? [e] : []));
// Each event as [attempt, pending]: attempt 0 for a cleared one.
const shape = (h: BridgeHarness) =>
  retries(h).map((e) => [e.attempt ?? 0, e.retry_at !== null] as const);

describe('createSupervisor() publishes pending autostart retries', () => {
  it('a scheduled retry is published, cleared when it fires, and again when a stop cancels it', async () => {
    const h = await harness({ knobs: { FAKE_CLAUDE_CRASH: 'a' } });
    // Long enough that the stop below comes before the second retry on a loaded machine.
    const backoff = { initialMs: 1500, maxMs: 60_000, stableMs: 60_000 };
    const s = autostartSupervisor(h, backoff);
    const before = Date.now();
    await s.recover();
    const [first] = retries(h);
    assert.deepEqual([first?.project, first?.attempt], ['app', 1]);
    const due = Date.parse(first?.retry_at ?? '');
    assert.ok(due >= before + 1500 && due <= Date.now() + 1500, `due ${first?.retry_at}`);
    assert.equal(first?.delay_ms, 1500);
    const [listed, ...more] = s.autostartRetries();
    assert.ok(listed && more.length === 0);
    const { delay_ms: left, ...rest } = listed;
    // The dashboard start refused nothing: no refusal to show.
    assert.deepEqual(rest, {
      project: 'app',
      retry_at: first?.retry_at,
      attempt: 1,
      refused: null,
    });
    // Recomputed when listed: what is left of the 1.5 s by the server's clock.
    assert.ok(left >= 0 && left <= 1500, `delay_ms ${left}`);

    // It fires (cleared), the bridge crashes, the next one waits 3 s.
    await waitFor(() => s.list().some((b) => b.status === 'crashed'), 30_000, 10);
    assert.deepEqual(shape(h), [
      [1, true],
      [0, false],
      [2, true],
    ]);
    // A crash has its record's reason: the retry after it carries no refusal.
    assert.equal(retries(h).at(-1)?.refused, null);
    const [crashed] = s.list();
    assert.ok(crashed);
    const stopped = await s.requestStop(crashed.id);
    assert.ok(stopped.ok && stopped.value.autostartCancelled, JSON.stringify(stopped));
    assert.deepEqual(shape(h).at(-1), [0, false]);
    assert.deepEqual(retries(h).at(-1), { type: 'autostart', project: 'app', retry_at: null });
    assert.deepEqual(s.autostartRetries(), []);
    await s.close();
    assert.equal(retries(h).length, 4, 'nothing left to clear at close');
  });

  it('close() clears every pending retry', async () => {
    const h = await harness();
    const s = autostartSupervisor(h, { initialMs: 60_000, maxMs: 60_000, stableMs: 60_000 });
    await s.recover();
    assert.equal(s.autostartRetries().length, 1);
    await s.close();
    assert.deepEqual(shape(h), [
      [1, true],
      [0, false],
    ]);
    assert.deepEqual(s.autostartRetries(), []);
  });
});
