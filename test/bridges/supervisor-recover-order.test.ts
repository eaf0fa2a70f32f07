// Recovery keeps every record while it checks them one by one: a save made meanwhile (a record
// settled as crashed) still lists the records not reached yet; autostart waits for recover() to
// finish; a process search cut short leaves its record as it is. Records are written by hand.
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { BridgeRecord } from '../../src/bridges/record.js';
import type { FindProcesses, Spawn } from '../../src/system/ports.js';
import { launchingRecord } from '../support/bridge-fixture.js';
import { type BridgeHarness, useBridgeHarnesses } from '../support/bridge-harness.js';
import { waitFor } from '../support/fake-claude.js';

const harness = useBridgeHarnesses();

function recordOf(h: BridgeHarness, id: string, extra: Partial<BridgeRecord>): BridgeRecord {
  return launchingRecord(h.stateDir, id, {
    project: 'repo',
    status: 'running',
    cwd: h.repo,
    ...extra,
  });
}

// A running record whose process is gone (a pid far above pid_max), settled as crashed.
const GONE = { pid: 4_000_000, proc_start_ticks: 1, boot_id: 'boot-x' };
const LAUNCHING = { status: 'starting', pid: null } as const;

async function writeRecords(h: BridgeHarness, records: object[]): Promise<void> {
  const doc = { schema_version: 1, bridges: records };
  await fs.writeFile(join(h.stateDir, 'bridges.json'), JSON.stringify(doc));
}

async function idsOnDisk(h: BridgeHarness): Promise<string[]> {
  const doc = JSON.parse(await fs.readFile(join(h.stateDir, 'bridges.json'), 'utf8'));
  return (doc.bridges as Array<{ id: string }>).map((b) => b.id);
}

/** A finder held until `release(answer)`; `reached` resolves when recovery calls it. */
function holdFinder() {
  let answer = (_value: Awaited<ReturnType<FindProcesses>>): void => {};
  let reached = (): void => {};
  const atFinder = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const findProcesses: FindProcesses = () => {
    reached();
    return new Promise((resolve) => {
      answer = resolve;
    });
  };
  return { findProcesses, atFinder, release: (v: Awaited<ReturnType<FindProcesses>>) => answer(v) };
}

describe('createSupervisor() recovery order', () => {
  it('recover() keeps the records it has not checked yet in every save it makes', async () => {
    const h = await harness();
    const ids = ['br-aaaaaaaaaaa2', 'br-aaaaaaaaaaa3', 'br-aaaaaaaaaaa4'];
    await writeRecords(h, [
      recordOf(h, ids[0] as string, GONE),
      recordOf(h, ids[1] as string, LAUNCHING),
      recordOf(h, ids[2] as string, GONE),
    ]);
    const hold = holdFinder();
    const s = h.createSupervisor({}, { findProcesses: hold.findProcesses });
    const recovering = s.recover();
    await hold.atFinder;
    // The first record was settled (and saved) before the search of the second began.
    assert.equal(s.get(ids[0] as string)?.status, 'crashed');
    assert.deepEqual(await idsOnDisk(h), ids, 'no record vanishes from bridges.json');
    hold.release({ found: [], complete: true });
    await recovering;
    assert.deepEqual(await idsOnDisk(h), ids);
    await s.close();
  });

  it('recover() leaves a launch whose process search was cut short as it is, and says so', async () => {
    const h = await harness();
    const id = 'br-aaaaaaaaaab2';
    await writeRecords(h, [recordOf(h, id, LAUNCHING)]);
    const cut: FindProcesses = async () => ({ found: [], complete: false });
    const s = h.createSupervisor({}, { findProcesses: cut });
    await s.recover();
    assert.equal(s.get(id)?.status, 'starting', 'not marked crashed: it may still run');
    const warned = h.events.some(
      (e) => e.type === 'warning' && e.code === 'launch-search-incomplete',
    );
    assert.ok(warned, 'a warning event names the bridge');
    const doc = JSON.parse(await fs.readFile(join(h.stateDir, 'bridges.json'), 'utf8'));
    assert.equal(doc.bridges[0].status, 'starting', 'kept for the next dashboard start');
    // Stop says what helps (a restart searches again), not "in a moment".
    const stopped = await s.stop(id);
    assert.equal(stopped.ok, false);
    if (!stopped.ok) {
      assert.equal(stopped.code, 'still-launching');
      assert.match(stopped.detail, /did not finish when the dashboard started; restart/);
    }
    await s.close();
  });

  it('recover() lets autostart start nothing before every record is checked', async () => {
    const h = await harness();
    await writeRecords(h, [
      recordOf(h, 'br-aaaaaaaaaac3', { ...GONE, project: 'app', cwd: h.app }),
      recordOf(h, 'br-aaaaaaaaaac4', LAUNCHING),
    ]);
    const hold = holdFinder();
    let recovered = false;
    let spawnedEarly = false;
    const spawn: Spawn = (file, args, options) => {
      if (!recovered) spawnedEarly = true;
      return h.deps.spawn(file, args, options);
    };
    const settings = { app: { autostart: true } };
    const s = h.createSupervisor(
      {
        backoff: { initialMs: 0, maxMs: 0, stableMs: 60_000 },
        discovery: { projectsRoot: h.projectsRoot, settings },
      },
      { findProcesses: hold.findProcesses, spawn },
    );
    const recovering = s.recover();
    await hold.atFinder;
    // Give an autostart scheduled by the crashed record every chance to run now.
    await waitFor(
      async () => h.events.some((e) => e.type === 'bridge' && e.to === 'crashed'),
      10_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    recovered = true;
    hold.release({ found: [], complete: true });
    await recovering;
    assert.equal(spawnedEarly, false, 'no bridge was spawned while recovery ran');
    await waitFor(async () => s.findLive('app')?.status === 'running', 20_000);
    const live = s.findLive('app');
    if (live !== null) await s.stop(live.id);
    await s.close();
  });
});
