// The launch window (the `starting` record is saved, the process not spawned yet): a stop is
// refused (409 still-launching) rather than answered ok with nothing done; a spawn that yields
// no pid takes its record back, also after close() gave up waiting; an adopt close() gave up
// on adopts nothing; and a recovered launch that several processes claim has its own reason.
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nodeProcesses } from '../../src/system/node.js';
import type { FindProcesses, Fs, Spawn } from '../../src/system/ports.js';
import { launchingRecord } from '../support/bridge-fixture.js';
import { type BridgeHarness, useBridgeHarnesses } from '../support/bridge-harness.js';
import { useOutsideBridges } from '../support/outside-bridge.js';

const harness = useBridgeHarnesses();
const startOutside = useOutsideBridges();

/** An fs whose mkdir of a bridge's log set waits for `release()` (the launch window). */
function holdLogMkdir(h: BridgeHarness) {
  let release = (): void => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let reached = (): void => {};
  const atMkdir = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const mkdir = (async (path: string, ...rest: unknown[]) => {
    if (/\/logs\/br-[a-z2-7]{12}$/.test(String(path))) {
      reached();
      await released;
    }
    return (h.deps.fs.mkdir as (...args: unknown[]) => unknown)(path, ...rest);
  }) as Fs['mkdir'];
  return { fs: { ...h.deps.fs, mkdir }, release, atMkdir };
}

// A spawn that fails before any process exists (no pid).
const failingSpawn: Spawn = () => ({
  pid: undefined,
  exited: Promise.resolve({
    exitCode: null,
    signal: null,
    spawnError: { code: 'ENOENT', message: 'no such file' },
  }),
  kill: () => false,
});

async function readBridges(h: BridgeHarness): Promise<Array<{ id: string; status: string }>> {
  return JSON.parse(await fs.readFile(join(h.stateDir, 'bridges.json'), 'utf8')).bridges;
}

describe('createSupervisor() launch window', () => {
  it('stop() refuses a bridge still being launched (still-launching)', async () => {
    const h = await harness();
    const hold = holdLogMkdir(h);
    const s = h.createSupervisor({}, { fs: hold.fs });
    const starting = s.start('app', {});
    await hold.atMkdir;
    const [launching] = s.list();
    assert.equal(launching?.status, 'starting');
    const stopped = await s.stop(launching?.id ?? '');
    assert.equal(stopped.ok, false);
    if (!stopped.ok) {
      assert.equal(stopped.code, 'still-launching');
      assert.match(stopped.detail, /being launched; stop it again in a moment/);
    }
    hold.release();
    const started = await starting;
    assert.ok(started.ok, started.ok ? '' : started.detail);
    await s.stop(started.value.id);
    await s.close();
  });

  it('start() whose spawn yields no pid leaves no record, and the next start succeeds', async () => {
    const h = await harness();
    const failing = h.createSupervisor({}, { spawn: failingSpawn });
    const first = await failing.start('app', {});
    assert.equal(first.ok, false);
    assert.deepEqual(failing.list(), [], 'the record was taken back');
    assert.deepEqual(await readBridges(h), [], 'and removed from bridges.json');
    await failing.close();
    const s = h.createSupervisor();
    await s.recover();
    const second = await s.start('app', {});
    assert.ok(second.ok, second.ok ? '' : second.detail);
    await s.stop(second.value.id);
    await s.close();
  });

  it('a spawn that fails after close() gave up waiting writes nothing; the next start marks it crashed', async () => {
    const h = await harness();
    const hold = holdLogMkdir(h);
    const s = h.createSupervisor({ closeWaitMs: 20 }, { fs: hold.fs, spawn: failingSpawn });
    const starting = s.start('app', {});
    await hold.atMkdir;
    assert.equal((await readBridges(h))[0]?.status, 'starting');
    await s.close();
    hold.release();
    assert.equal((await starting).ok, false);
    const left = await readBridges(h);
    assert.equal(left[0]?.status, 'starting', 'nothing written after close (no lock held)');
    const next = h.createSupervisor();
    await next.recover();
    assert.equal(next.get(left[0]?.id ?? '')?.status, 'crashed');
    await next.close();
  });

  it('adopt() that close() gave up waiting for adopts nothing (supervisor-closed)', async () => {
    const h = await harness();
    await startOutside({ home: h.home, cwd: h.app, args: ['remote-control', '--name', 'x'] });
    const hold = holdLogMkdir(h);
    const s = h.createSupervisor({ closeWaitMs: 20 }, { fs: hold.fs });
    const adopting = s.adopt('app');
    await hold.atMkdir;
    await s.close();
    hold.release();
    const adopted = await adopting;
    assert.equal(adopted.ok ? 'ok' : adopted.code, 'supervisor-closed');
    assert.deepEqual(s.list(), [], 'nothing is tracked (or watched) after close');
  });

  it('recover() settles a launch several processes claim with a reason of its own', async () => {
    const h = await harness();
    const id = 'br-aaaaaaaaaad2';
    const logDir = join(h.stateDir, 'logs', id);
    const argv = ['claude', 'remote-control', '--debug-file', join(logDir, 'debug.log')];
    const record = launchingRecord(h.stateDir, id, { cwd: h.app, argv });
    await fs.writeFile(
      join(h.stateDir, 'bridges.json'),
      JSON.stringify({ schema_version: 1, bridges: [record] }),
    );
    // Two group leaders of this user run its --debug-file (pids no real process has).
    const uid = process.geteuid?.() ?? 0;
    const claim = (pid: number) => ({ pid, startTicks: 7, bootId: 'boot-1', cmdline: argv, uid });
    const findProcesses: FindProcesses = async () => ({
      found: [claim(4_000_001), claim(4_000_002)],
      complete: true,
    });
    const processes = {
      ...nodeProcesses,
      placement: async (pid: number) => ({ cwd: null, pgid: pid, startTicks: 7 }),
    };
    const s = h.createSupervisor({}, { findProcesses, processes });
    await s.recover();
    assert.equal(s.get(id)?.status, 'crashed');
    assert.match(s.get(id)?.reason ?? '', /several processes run its --debug-file/);
    await s.close();
  });
});
