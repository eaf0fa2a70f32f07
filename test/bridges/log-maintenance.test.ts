import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startLogMaintenance } from '../../src/bridges/log-maintenance.js';
import { configSchema } from '../../src/config/schema.js';
import { type ClausterEvent, createEventBus } from '../../src/events/bus.js';
import type { Fs } from '../../src/system/ports.js';
import { waitFor } from '../support/fake-claude.js';
import { useTempDir } from '../support/temp.js';

const fs = fsp as unknown as Fs;
const DAY = 24 * 60 * 60 * 1000;

describe('startLogMaintenance()', () => {
  const dir = useTempDir();

  function logsConfig(raw: Record<string, unknown>) {
    return configSchema.parse({ state_dir: dir.path, logs: raw }).logs;
  }

  const spawned = (n: number): ClausterEvent => ({
    type: 'bridge',
    bridge: { id: `br-${'abcdefghij'.charAt(n).repeat(12)}` },
    from: null,
    to: 'starting',
  });

  // Maintenance over the real fs, counting prune runs (each lists state_dir/logs once); with
  // `hold` set, a listing waits for it.
  function startCounted() {
    const root = join(dir.path, 'logs');
    const counter = { runs: 0, hold: null as Promise<void> | null, entered: () => {} };
    const readdir = (async (path: string) => {
      if (path === root) {
        counter.runs += 1;
        counter.entered();
        if (counter.hold) await counter.hold;
      }
      return fsp.readdir(path);
    }) as Fs['readdir'];
    const bus = createEventBus();
    const upkeep = startLogMaintenance(
      {
        stateDir: dir.path,
        settings: logsConfig({}),
        liveIds: () => [],
        subscribe: (l) => bus.subscribe(l),
        intervalMs: 60_000,
      },
      { fs: { ...fs, readdir }, clock: { now: () => Date.now() } },
    );
    return { bus, counter, upkeep };
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
    const { bus, counter, upkeep } = startCounted();
    try {
      await upkeep.tick();
      assert.equal(counter.runs, 1);
      await fsp.writeFile(join(old, 'debug.log'), 'x');
      const when = new Date(Date.now() - 40 * DAY);
      await fsp.utimes(join(old, 'debug.log'), when, when);
      await fsp.utimes(old, when, when);
      bus.publish(spawned(0));
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

  it('startLogMaintenance() merges a burst of spawns into one prune run', async () => {
    const { bus, counter, upkeep } = startCounted();
    try {
      await upkeep.tick();
      assert.equal(counter.runs, 1, 'the first pass prunes');
      const old = join(dir.path, 'logs', 'br-oldoldoldold');
      await fsp.mkdir(old, { recursive: true });
      const when = new Date(Date.now() - 40 * DAY);
      await fsp.utimes(old, when, when);
      for (let n = 0; n < 10; n += 1) bus.publish(spawned(n));
      // A request made before the queued prune starts shares it.
      assert.deepEqual(await upkeep.prune(), ['br-oldoldoldold']);
      assert.equal(counter.runs, 2);
      await upkeep.tick();
      assert.equal(counter.runs, 2, 'a pass within the hour does not prune');
    } finally {
      await upkeep.stop();
    }
  });

  it('startLogMaintenance() runs at most one more prune for requests made during a prune', async () => {
    const { bus, counter, upkeep } = startCounted();
    try {
      await upkeep.tick();
      let release = () => {};
      counter.hold = new Promise<void>((resolve) => {
        release = resolve;
      });
      const entered = new Promise<void>((resolve) => {
        counter.entered = resolve;
      });
      const first = upkeep.prune();
      await entered; // the prune is running now, held in its listing
      const during = [upkeep.prune()];
      for (let n = 0; n < 5; n += 1) bus.publish(spawned(n));
      during.push(upkeep.prune());
      counter.hold = null;
      release();
      await Promise.all([first, ...during]);
      assert.notEqual(during[0], first);
      assert.equal(during[1], during[0], 'requests made during a run share the next one');
      assert.equal(counter.runs, 3, 'start, the held run, one more');
    } finally {
      await upkeep.stop();
    }
  });

  it('startLogMaintenance() rotates an over-limit live file from its timer alone', async () => {
    const id = 'br-aaaaaaaaaaaa';
    const set = join(dir.path, 'logs', id);
    await fsp.mkdir(set, { recursive: true });
    await fsp.writeFile(join(set, 'stderr.log'), 'small\n');
    const upkeep = startLogMaintenance(
      {
        stateDir: dir.path,
        settings: logsConfig({ bridge_log_max_size_mb: 1 }),
        liveIds: () => [id],
        intervalMs: 20,
      },
      { fs, clock: { now: () => Date.now() } },
    );
    try {
      await fsp.appendFile(join(set, 'stderr.log'), Buffer.alloc(1024 * 1024, 'e'));
      // No tick(): the interval's own passes must catch it.
      await waitFor(async () => (await fsp.stat(join(set, 'stderr.log'))).size === 0, 10_000);
      assert.equal((await fsp.stat(join(set, 'stderr.log.1'))).size, 1024 * 1024 + 6);
    } finally {
      await upkeep.stop();
    }
  });

  it('startLogMaintenance() warns once of a live bridge writing verbatim logs in hybrid mode', async () => {
    const [verbatim, raw] = ['br-aaaaaaaaaaaa', 'br-bbbbbbbbbbbb'];
    for (const id of [verbatim, raw])
      await fsp.mkdir(join(dir.path, 'logs', id), { recursive: true });
    await fsp.writeFile(join(dir.path, 'logs', raw, 'stdout.raw.log'), '');
    const warned: unknown[] = [];
    const logger = {
      debug() {},
      info() {},
      error() {},
      warn: (_: string, f?: unknown) => warned.push(f),
    };
    const upkeep = startLogMaintenance(
      {
        stateDir: dir.path,
        settings: logsConfig({ redact_session_url: true }),
        liveIds: () => [verbatim, raw],
        intervalMs: 60_000,
      },
      { fs, clock: { now: () => Date.now() }, logger },
    );
    try {
      await upkeep.tick();
      await upkeep.tick();
      assert.deepEqual(
        warned.map((f) => (f as { bridge: string }).bridge),
        [verbatim],
      );
    } finally {
      await upkeep.stop();
    }
  });
});
