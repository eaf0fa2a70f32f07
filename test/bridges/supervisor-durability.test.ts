// A spawned bridge is always recorded: the `starting` record is written before the spawn,
// close() waits for a start in flight, and a launch cut short is found again by its
// --debug-file at the next recover(). Ports are wrapped to hold a launch right after its spawn.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { SupervisorDeps } from '../../src/bridges/supervisor.js';
import { nodeProcesses } from '../../src/system/node.js';
import type { Spawn } from '../../src/system/ports.js';
import { launchingRecord } from '../support/bridge-fixture.js';
import { type BridgeHarness, useBridgeHarnesses } from '../support/bridge-harness.js';
import { waitFor } from '../support/fake-claude.js';
import { findFakeClaudesUnder } from '../support/fake-claude-process.js';

const harness = useBridgeHarnesses();

type Registry = { bridges: Array<Record<string, unknown>> };

async function readRegistryFile(stateDir: string): Promise<Registry> {
  return JSON.parse(await fs.readFile(join(stateDir, 'bridges.json'), 'utf8')) as Registry;
}

/** Ports that hold the first launch right after its spawn (pid not read yet) until `release()`. */
function holdAfterSpawn(h: BridgeHarness) {
  let heldPid: number | undefined;
  let release = (): void => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let onSpawned = (_pid: number): void => {};
  const spawned = new Promise<number>((resolve) => {
    onSpawned = resolve;
  });
  const spawn: Spawn = (file, args, options) => {
    const child = h.deps.spawn(file, args, options);
    heldPid ??= child.pid;
    if (child.pid !== undefined) onSpawned(child.pid);
    return child;
  };
  const ports: Partial<SupervisorDeps> = {
    spawn,
    processes: {
      ...nodeProcesses,
      async identity(pid) {
        if (pid === heldPid) await released;
        return nodeProcesses.identity(pid);
      },
    },
  };
  return { ports, spawned, release };
}

describe('createSupervisor() durability of starts', () => {
  it('start() writes the starting record (no pid yet) to bridges.json before it spawns', async () => {
    const h = await harness();
    let atSpawn: Registry | null = null;
    const spawn: Spawn = (file, args, options) => {
      atSpawn = JSON.parse(readFileSync(join(h.stateDir, 'bridges.json'), 'utf8')) as Registry;
      return h.deps.spawn(file, args, options);
    };
    const s = h.createSupervisor({}, { spawn });
    const started = await s.start('app', {});
    assert.ok(started.ok, started.ok ? '' : started.detail);
    const { id } = started.value;
    const logDir = join(h.stateDir, 'logs', id);
    const record = (atSpawn as Registry | null)?.bridges.find((b) => b.id === id);
    assert.ok(record, 'the record is on disk when the spawn happens');
    assert.equal(record.status, 'starting');
    assert.equal(record.pid, null);
    assert.equal(record.project, 'app');
    assert.equal(record.log_dir, logDir);
    const argv = record.argv as string[];
    assert.equal(argv[argv.indexOf('--debug-file') + 1], join(logDir, 'debug.log'));
    // Right after the spawn the record gets its pid.
    const saved = (await readRegistryFile(h.stateDir)).bridges.find((b) => b.id === id);
    assert.equal(saved?.pid, started.value.pid);
    assert.equal(typeof saved?.proc_start_ticks, 'number');
    await s.stop(id);
    await s.close();
  });

  it('close() waits for a start in flight and saves its bridge with its pid', async () => {
    const h = await harness();
    const hold = holdAfterSpawn(h);
    const s = h.createSupervisor({}, hold.ports);
    const starting = s.start('app', {});
    const pid = await hold.spawned;
    const closing = s.close();
    // A close that did not wait resolves first and lets the launch go on only then; a close
    // that waits is released by the timer. Either way the outcome is asserted below.
    void closing.then(hold.release);
    const timer = setTimeout(hold.release, 300);
    const [started] = await Promise.all([starting, closing]);
    clearTimeout(timer);
    assert.ok(started.ok, started.ok ? '' : started.detail);
    const records = (await readRegistryFile(h.stateDir)).bridges;
    assert.deepEqual(
      records.map((b) => [b.id, b.pid]),
      [[started.value.id, pid]],
    );
    assert.ok(['starting', 'running'].includes(String(records[0]?.status)));
    const refused = await s.start('repo', {});
    assert.equal(refused.ok ? null : refused.code, 'supervisor-closed');

    const restarted = h.createSupervisor();
    await restarted.recover();
    assert.equal(restarted.get(started.value.id)?.pid, pid);
    assert.equal((await restarted.stop(started.value.id)).ok, true);
    assert.equal(await nodeProcesses.identity(pid), null);
    await restarted.close();
  });

  it('recover() finds a bridge whose launch was cut short after its spawn, and adopts only it', async () => {
    const h = await harness();
    const hold = holdAfterSpawn(h);
    // The dashboard "dies" right after the spawn: close gives up waiting, the pid is never saved.
    const s = h.createSupervisor({ closeWaitMs: 50 }, hold.ports);
    const starting = s.start('app', {});
    const pid = await hold.spawned;
    await s.close();
    const [record] = (await readRegistryFile(h.stateDir)).bridges;
    assert.equal(record?.pid, null, 'only the starting record reached the disk');
    hold.release();
    await starting;

    const restarted = h.createSupervisor();
    await restarted.recover();
    const id = record?.id as string;
    const adopted = restarted.get(id);
    assert.equal(adopted?.pid, pid, JSON.stringify(adopted));
    assert.ok(adopted && ['starting', 'running'].includes(adopted.status));
    await h.waitForStatus(id, 'running', 20_000, restarted);
    const saved = (await readRegistryFile(h.stateDir)).bridges.find((b) => b.id === id);
    assert.equal(saved?.pid, pid);
    const again = await restarted.start('app', {});
    assert.equal(again.ok ? null : again.code, 'already-running');
    assert.deepEqual(await findFakeClaudesUnder(h.stateDir), [pid], 'one bridge process');

    const stopped = await restarted.stop(id);
    assert.equal(stopped.ok ? stopped.value.status : null, 'stopped');
    await waitFor(async () => (await findFakeClaudesUnder(h.stateDir)).length === 0, 10_000);
    await restarted.close();
  });

  it('start() counts a bridge being launched once against max_bridges', async () => {
    const h = await harness();
    const hold = holdAfterSpawn(h);
    const s = h.createSupervisor({ maxBridges: 2 }, hold.ports);
    const first = s.start('app', {});
    await hold.spawned;
    const second = await s.start('repo', {});
    hold.release();
    const started = await first;
    assert.ok(second.ok, second.ok ? '' : second.detail);
    assert.ok(started.ok);
    const third = await s.start('app', {});
    assert.equal(third.ok ? null : third.code, 'already-running');
    await s.stop(started.value.id);
    await s.stop(second.value.id);
    await s.close();
  });

  it('recover() marks a starting record without a process crashed, saying why', async () => {
    const h = await harness();
    const id = 'br-aaaaaaaaaaab';
    const record = launchingRecord(h.stateDir, id, { cwd: h.app });
    const doc = { schema_version: 1, bridges: [record] };
    await fs.writeFile(join(h.stateDir, 'bridges.json'), JSON.stringify(doc));
    const s = h.createSupervisor();
    await s.recover();
    assert.equal(s.get(id)?.status, 'crashed');
    assert.match(s.get(id)?.reason ?? '', /dashboard stopped while launching it/);
    await s.close();
  });
});
