// Which ended records the supervisor drops (record-history.ts): the oldest ended ones beyond
// the per-project cap, never a live one, the project's newest or one whose stop is in flight.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Tracked, trackRecord } from '../../src/bridges/bridge-tracker.js';
import type { BridgeStatus } from '../../src/bridges/record.js';
import {
  chooseRecordsToDrop,
  isNewestOfProject,
  MAX_ENDED_RECORDS_PER_PROJECT,
} from '../../src/bridges/record-history.js';
import { launchingRecord } from '../support/bridge-fixture.js';

// Record `n` of `project`, started n minutes after 10:00 (a higher n is newer).
function tracked(project: string, n: number, status: BridgeStatus): Tracked {
  const id = `br-${project.slice(0, 1)}${'a'.repeat(10)}${'abcdefghijklmnopqrstuvwxyz'[n]}`;
  const started_at = new Date(Date.UTC(2026, 6, 1, 10, n)).toISOString();
  return trackRecord(launchingRecord('/state', id, { project, status, started_at }));
}

const ids = (list: readonly Tracked[]) => list.map((t) => t.record.id).sort();

describe('chooseRecordsToDrop()', () => {
  it('chooseRecordsToDrop() keeps the newest ended records of each project and every live one', () => {
    const app = Array.from({ length: 9 }, (_, n) => tracked('app', n, 'crashed'));
    const live = tracked('app', 9, 'running');
    const other = Array.from({ length: 3 }, (_, n) => tracked('other', n, 'stopped'));
    const all = [...app, live, ...other];
    const dropped = chooseRecordsToDrop(all);
    assert.equal(MAX_ENDED_RECORDS_PER_PROJECT, 5);
    assert.deepEqual(ids(dropped), ids(app.slice(0, 4)), 'the 4 oldest of 9 ended go');
    assert.ok(!dropped.includes(live), 'a live record is never dropped');
    assert.ok(
      dropped.every((t) => t.record.project === 'app'),
      'a project under the cap loses nothing',
    );
  });

  it('chooseRecordsToDrop() never drops a record whose stop or end is in flight, nor the newest', () => {
    const app = Array.from({ length: 4 }, (_, n) => tracked('app', n, 'stopped'));
    const [oldest, second] = app as [Tracked, Tracked];
    oldest.stopping = Promise.resolve();
    second.exit = Promise.resolve({ facts: null, groupSafe: false });
    const dropped = chooseRecordsToDrop(app, 1);
    assert.deepEqual(ids(dropped), ids([app[2] as Tracked]));
    // Even a cap of 0 keeps the newest record of a project.
    assert.deepEqual(ids(chooseRecordsToDrop(app, 0)), ids([app[2] as Tracked]));
  });

  it('chooseRecordsToDrop() orders by start time, then by the order the records were added', () => {
    const a = tracked('app', 1, 'crashed');
    const b = tracked('app', 1, 'crashed');
    b.record.id = 'br-bbbbbbbbbbbb';
    assert.ok(isNewestOfProject(b, [a, b]), 'same start time: the later added is newer');
    assert.deepEqual(ids(chooseRecordsToDrop([a, b], 1)), [a.record.id]);
    const newer = tracked('app', 5, 'crashed');
    assert.ok(isNewestOfProject(newer, [newer, a, b]), 'a later start is newer whatever its place');
    assert.ok(!isNewestOfProject(a, [newer, a, b]));
  });
});
