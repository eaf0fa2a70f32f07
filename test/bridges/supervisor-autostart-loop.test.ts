// An autostart project that keeps crashing (the fake claude with FAKE_CLAUDE_CRASH=a): its
// ended records stay bounded (record-history.ts), and a stop or a forget of its newest record
// ends the retry loop (autostart-retries.ts).
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isLiveStatus } from '../../src/bridges/record.js';
import { MAX_ENDED_RECORDS_PER_PROJECT } from '../../src/bridges/record-history.js';
import { saveRegistry } from '../../src/bridges/registry.js';
import { launchingRecord } from '../support/bridge-fixture.js';
import {
  autostartSupervisor,
  type BridgeHarness,
  crashedAutostart,
  useBridgeHarnesses,
} from '../support/bridge-harness.js';
import { waitFor } from '../support/fake-claude.js';

const harness = useBridgeHarnesses();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The ids of `app` bridges created so far, oldest first (from the bus).
function spawnedIds(h: BridgeHarness): string[] {
  return h.events.flatMap((e) =>
    e.type === 'bridge' && e.from === null && e.bridge.project === 'app'
      ? [String(e.bridge.id)]
      : [],
  );
}

async function registryIds(h: BridgeHarness): Promise<string[]> {
  const doc = JSON.parse(await fs.readFile(join(h.stateDir, 'bridges.json'), 'utf8'));
  return (doc.bridges as Array<{ id: string }>).map((b) => b.id);
}

describe('createSupervisor() with a crash-looping autostart project', () => {
  it('keeps every live record and at most the newest ended ones per project, logs untouched', async () => {
    const h = await harness({ knobs: { FAKE_CLAUDE_CRASH: 'a' } });
    const s = autostartSupervisor(h, { initialMs: 20, maxMs: 40, stableMs: 60_000 });
    await s.recover();
    const rounds = MAX_ENDED_RECORDS_PER_PROJECT + 5;
    await waitFor(() => spawnedIds(h).length >= rounds, 60_000, 20);
    await s.close();

    const spawned = spawnedIds(h);
    const kept = s.list().filter((b) => b.project === 'app');
    const ended = kept.filter((b) => !isLiveStatus(b.status));
    assert.ok(
      ended.length <= MAX_ENDED_RECORDS_PER_PROJECT,
      `ended records kept: ${ended.length} of ${spawned.length}`,
    );
    assert.ok(kept.filter((b) => isLiveStatus(b.status)).length <= 1);
    assert.ok(
      kept.some((b) => b.id === spawned.at(-1)),
      'the newest record is never dropped',
    );
    assert.deepEqual((await registryIds(h)).sort(), kept.map((b) => b.id).sort());

    const dropped = spawned.filter((id) => !kept.some((b) => b.id === id));
    assert.ok(dropped.length >= rounds - MAX_ENDED_RECORDS_PER_PROJECT - 1, dropped.join(' '));
    const removed = h.events.flatMap((e) => (e.type === 'bridge-removed' ? [e.id] : []));
    assert.deepEqual(removed.sort(), [...dropped].sort(), 'each drop is published like Forget');
    const pruned = (await h.readAudit()).filter((line) => line.action === 'bridge.pruned');
    assert.deepEqual(pruned.map((line) => line.bridge_id).sort(), [...dropped].sort());
    for (const id of dropped) await fs.access(join(h.stateDir, 'logs', id)); // log sets stay
  });

  it('recover() trims a registry written before the cap, keeping the newest', async () => {
    const h = await harness();
    const records = Array.from({ length: 8 }, (_, n) =>
      launchingRecord(h.stateDir, `br-rrrrrrrrrr${'abcdefgh'[n]}a`, {
        project: 'repo',
        status: 'crashed',
        started_at: new Date(Date.UTC(2026, 6, 1, 10, n)).toISOString(),
      }),
    );
    await saveRegistry(h.stateDir, records, h.deps);
    const s = h.createSupervisor();
    await s.recover();
    const kept = records.slice(-MAX_ENDED_RECORDS_PER_PROJECT).map((r) => r.id);
    assert.deepEqual(
      s.list().map((b) => b.id),
      kept,
    );
    assert.deepEqual(await registryIds(h), kept);
    await s.close();
  });

  it('a stop of the crashed newest record cancels the pending retry; nothing starts after', async () => {
    const h = await harness({ knobs: { FAKE_CLAUDE_CRASH: 'a' } });
    const { s, crashed } = await crashedAutostart(h);
    const stopped = await s.requestStop(crashed.id);
    assert.ok(stopped.ok, JSON.stringify(stopped));
    assert.equal(stopped.value.autostartCancelled, true);
    assert.equal(stopped.value.bridge.status, 'crashed');
    const again = await s.requestStop(crashed.id);
    assert.equal(again.ok && again.value.autostartCancelled, false, 'nothing left to cancel');
    await sleep(3500); // the retry was due 2.5 s after the crash
    assert.equal(spawnedIds(h).length, 1, 'no new bridge after the backoff');
    const cancelled = (await h.readAudit()).filter(
      (line) => line.action === 'bridge.autostart-cancelled',
    );
    assert.deepEqual(
      cancelled.map((line) => [line.bridge_id, line.by]),
      [[crashed.id, 'stop']],
    );
    await s.close();
  });

  it('forget() of the crashed newest record cancels the pending retry too', async () => {
    const h = await harness({ knobs: { FAKE_CLAUDE_CRASH: 'a' } });
    const { s, crashed } = await crashedAutostart(h);
    assert.ok((await s.forget(crashed.id)).ok);
    await sleep(3500);
    assert.deepEqual(spawnedIds(h), [crashed.id], 'no new bridge after the backoff');
    assert.deepEqual(s.list(), []);
    const audit = await h.readAudit();
    assert.ok(audit.some((l) => l.action === 'bridge.autostart-cancelled' && l.by === 'forget'));
    await s.close();
  });
});
