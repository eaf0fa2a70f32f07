import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { startLogMaintenance } from '../../src/bridges/log-maintenance.js';
import { configSchema } from '../../src/config/schema.js';
import { type ClausterEvent, createEventBus } from '../../src/events/bus.js';
import type { Fs } from '../../src/system/ports.js';
import { waitFor } from '../support/fake-claude.js';
import { makeTempDir } from '../support/temp.js';

const fs = fsp as unknown as Fs;
const DAY = 24 * 60 * 60 * 1000;

describe('startLogMaintenance()', () => {
  let dir: { path: string; cleanup(): Promise<void> };
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await dir.cleanup();
  });

  function logsConfig(raw: Record<string, unknown>) {
    return configSchema.parse({ state_dir: dir.path, logs: raw }).logs;
  }

  it('startLogMaintenance() mirrors raw logs redacted and rotates live files over the limit', async () => {
    const id = 'br-aaaaaaaaaaaa';
    const set = join(dir.path, 'logs', id);
    await fsp.mkdir(set, { recursive: true });
    await fsp.writeFile(
      join(set, 'stdout.raw.log'),
      'url https://claude.ai/code?environment=env_01FakeAbCdEf\n',
    );
    const upkeep = startLogMaintenance(
      {
        stateDir: dir.path,
        settings: logsConfig({ redact_session_url: true, bridge_log_max_size_mb: 1 }),
        liveIds: () => [id],
        intervalMs: 60_000,
      },
      { fs, clock: { now: () => Date.now() } },
    );
    try {
      await upkeep.tick();
      assert.equal(
        await fsp.readFile(join(set, 'stdout.log'), 'utf8'),
        'url https://claude.ai/code?environment=env_<redacted>\n',
      );
      await fsp.appendFile(join(set, 'stdout.raw.log'), Buffer.alloc(1024 * 1024, 'a'));
      await upkeep.tick();
      assert.equal((await fsp.stat(join(set, 'stdout.raw.log'))).size, 0);
      assert.ok((await fsp.stat(join(set, 'stdout.raw.log.1'))).size > 1024 * 1024);
    } finally {
      await upkeep.stop();
    }
  });

  it('startLogMaintenance() prunes at start and when a bridge is spawned', async () => {
    const old = join(dir.path, 'logs', 'br-oldoldoldold');
    await fsp.mkdir(old, { recursive: true });
    const bus = createEventBus();
    let now = Date.now();
    const upkeep = startLogMaintenance(
      {
        stateDir: dir.path,
        settings: logsConfig({}),
        liveIds: () => [],
        subscribe: (l) => bus.subscribe(l),
        intervalMs: 60_000,
      },
      { fs, clock: { now: () => now } },
    );
    try {
      await upkeep.tick();
      await fsp.writeFile(join(old, 'debug.log'), 'x');
      const when = new Date(Date.now() - 40 * DAY);
      await fsp.utimes(join(old, 'debug.log'), when, when);
      await fsp.utimes(old, when, when);
      now += 1000;
      const spawned: ClausterEvent = {
        type: 'bridge',
        bridge: { id: 'br-newnewnewnew' },
        from: null,
        to: 'starting',
      };
      bus.publish(spawned);
      await waitFor(
        async () =>
          !(await fsp.stat(old).then(
            () => true,
            () => false,
          )),
        10_000,
      );
      assert.equal(bus.listenerCount(), 1);
    } finally {
      await upkeep.stop();
    }
    assert.equal(bus.listenerCount(), 0);
  });
});
