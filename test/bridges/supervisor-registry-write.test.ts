// bridges.json that cannot be written (a full state_dir): the first record of a start fails
// the start before anything is spawned; a later write keeps the bridge going and publishes one
// `warning` event per failing streak. The Fs port is wrapped to fail the registry's temp file.
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Fs, Spawn } from '../../src/system/ports.js';
import { type BridgeHarness, useBridgeHarnesses } from '../support/bridge-harness.js';

const harness = useBridgeHarnesses();

/** The harness's fs, except that the temp file of a bridges.json write fails with ENOSPC. */
function fullDiskPorts(h: BridgeHarness) {
  const state = { full: false, spawns: 0 };
  const open = ((path: string, ...rest: unknown[]) => {
    if (state.full && /\/\.bridges\.json\.[0-9a-f]+\.tmp$/.test(String(path))) {
      const error = new Error(`ENOSPC: no space left on device, open '${path}'`);
      return Promise.reject(Object.assign(error, { code: 'ENOSPC' }));
    }
    return (h.deps.fs.open as (...args: unknown[]) => unknown)(path, ...rest);
  }) as Fs['open'];
  const spawn: Spawn = (file, args, options) => {
    state.spawns += 1;
    return h.deps.spawn(file, args, options);
  };
  return { state, ports: { fs: { ...h.deps.fs, open }, spawn } };
}

function registryWarnings(h: BridgeHarness) {
  return h.events.filter((e) => e.type === 'warning' && e.code === 'registry-write-failed');
}

describe('createSupervisor() when bridges.json cannot be written', () => {
  it('start() spawns nothing and fails with registry-write-failed naming state_dir and errno', async () => {
    const h = await harness();
    const { state, ports } = fullDiskPorts(h);
    const s = h.createSupervisor({}, ports);
    state.full = true;
    const result = await s.start('app', {});
    assert.equal(result.ok ? null : result.code, 'registry-write-failed');
    if (!result.ok) {
      assert.ok(result.detail.includes(`state_dir ${h.stateDir}`), result.detail);
      assert.match(result.detail, /\(ENOSPC\)/);
      assert.match(result.detail, /was not started/);
    }
    assert.equal(state.spawns, 0, 'nothing was spawned');
    assert.deepEqual(s.list(), []);
    assert.deepEqual(await fs.readdir(join(h.stateDir, 'logs')).catch(() => []), []);
    assert.equal(h.events.filter((e) => e.type === 'bridge').length, 0);
    await s.close();
  });

  it('a later failed write keeps the bridge going and warns once per failing streak', async () => {
    const h = await harness();
    const { state, ports } = fullDiskPorts(h);
    const s = h.createSupervisor({}, ports);
    const first = await s.start('app', {});
    assert.ok(first.ok, first.ok ? '' : first.detail);
    await h.waitForStatus(first.value.id, 'running', 20_000, s);
    assert.equal(registryWarnings(h).length, 0);

    state.full = true;
    // Two failing writes (stop requested, stopped): one warning.
    const stopped = await s.stop(first.value.id);
    assert.equal(stopped.ok ? stopped.value.status : null, 'stopped');
    const warnings = registryWarnings(h);
    assert.equal(warnings.length, 1);
    const message = warnings[0]?.type === 'warning' ? warnings[0].message : '';
    assert.ok(message.includes(`state_dir ${h.stateDir}`), message);
    assert.match(message, /\(ENOSPC\)/);

    // A write that succeeds ends the streak; the next failure warns again.
    state.full = false;
    const second = await s.start('repo', {});
    assert.ok(second.ok, second.ok ? '' : second.detail);
    state.full = true;
    await s.stop(second.value.id);
    assert.equal(registryWarnings(h).length, 2);
    state.full = false;
    await s.close();
  });
});
