import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  createLogRotator,
  type LogSettings,
  listLogSets,
  pruneLogSets,
  rotateIfLarge,
} from '../../src/bridges/log-sets.js';
import { configSchema } from '../../src/config/schema.js';
import type { Fs } from '../../src/system/ports.js';
import { createCountingFs } from '../support/counting-fs.js';
import { useTempDir } from '../support/temp.js';

const fs = fsp as unknown as Fs;
const DAY = 24 * 60 * 60 * 1000;

function settings(raw: Partial<LogSettings> = {}): LogSettings {
  return configSchema.parse({ state_dir: '/tmp/unused', logs: raw }).logs;
}

describe('rotateIfLarge()', () => {
  const dir = useTempDir();

  it('rotateIfLarge() copies to .1, shifts older copies, drops the oldest and truncates in place', async () => {
    const file = join(dir.path, 'debug.log');
    await fsp.writeFile(file, 'gen3\n'.repeat(10));
    await fsp.writeFile(`${file}.1`, 'gen2');
    await fsp.writeFile(`${file}.2`, 'gen1');
    const before = (await fsp.stat(file)).ino;
    const handle = await fsp.open(file, 'a'); // the bridge keeps its O_APPEND descriptor
    assert.equal(await rotateIfLarge(file, { maxBytes: 10, keep: 2 }, { fs }), true);
    await handle.appendFile('after rotation\n');
    await handle.close();
    assert.equal((await fsp.stat(file)).ino, before);
    assert.equal(await fsp.readFile(file, 'utf8'), 'after rotation\n');
    assert.equal(await fsp.readFile(`${file}.1`, 'utf8'), 'gen3\n'.repeat(10));
    assert.equal(await fsp.readFile(`${file}.2`, 'utf8'), 'gen2');
    assert.equal((await fsp.stat(`${file}.1`)).mode & 0o777, 0o600);
  });

  it('rotateIfLarge() leaves a small file alone and only truncates when keep is 0', async () => {
    const file = join(dir.path, 'stdout.log');
    await fsp.writeFile(file, 'x'.repeat(100));
    assert.equal(await rotateIfLarge(file, { maxBytes: 100, keep: 3 }, { fs }), false);
    assert.equal(await rotateIfLarge(file, { maxBytes: 50, keep: 0 }, { fs }), true);
    assert.equal((await fsp.stat(file)).size, 0);
    assert.deepEqual(await fsp.readdir(dir.path), ['stdout.log']);
  });
});

describe('createLogRotator()', () => {
  const dir = useTempDir();

  const A = 'br-aaaaaaaaaaaa';
  const B = 'br-bbbbbbbbbbbb';
  const OVER = 1024 * 1024 + 1;
  const file = (id: string, name: string) => join(dir.path, 'logs', id, name);

  it('createLogRotator() rotates only the named sets over logs.bridge_log_max_size_mb', async () => {
    for (const id of [A, B]) {
      await fsp.mkdir(join(dir.path, 'logs', id), { recursive: true });
      await fsp.writeFile(file(id, 'debug.log'), Buffer.alloc(OVER));
    }
    const rotator = createLogRotator(dir.path, settings({ bridge_log_max_size_mb: 1 }), { fs });
    assert.equal(await rotator.rotate([A, '../evil']), 1);
    assert.equal((await fsp.stat(file(A, 'debug.log'))).size, 0);
    assert.equal((await fsp.stat(file(A, 'debug.log.1'))).size, OVER);
    assert.equal((await fsp.stat(file(B, 'debug.log'))).size, OVER);
  });

  it('createLogRotator() lists a set once, then costs one stat per file and copies nothing under the limit', async () => {
    await fsp.mkdir(join(dir.path, 'logs', A), { recursive: true });
    for (const name of ['stdout.log', 'stderr.log', 'extra.log', 'stdout.log.1'])
      await fsp.writeFile(file(A, name), 'small\n');
    const counted = createCountingFs();
    const rotator = createLogRotator(dir.path, settings({ bridge_log_max_size_mb: 1 }), counted);
    assert.equal(await rotator.rotate([A]), 0);
    assert.equal(counted.count('readdir'), 1);
    counted.reset();
    for (let pass = 0; pass < 3; pass += 1) assert.equal(await rotator.rotate([A]), 0);
    assert.equal(counted.count('readdir'), 0);
    // debug, stdout, stderr and the stray extra.log; never the rotated copy stdout.log.1.
    assert.equal(counted.count('stat'), 3 * 4);
    for (const name of ['copyFile', 'truncate', 'rename', 'rm', 'open'])
      assert.equal(counted.count(name), 0, name);
    // A stream file created after the listing and one that grew are still caught.
    await fsp.writeFile(file(A, 'debug.log'), Buffer.alloc(OVER));
    await fsp.appendFile(file(A, 'extra.log'), Buffer.alloc(OVER));
    assert.equal(await rotator.rotate([A]), 2);
    assert.equal((await fsp.stat(file(A, 'debug.log'))).size, 0);
    assert.equal((await fsp.stat(file(A, 'extra.log'))).size, 0);
    // A set that left the live list is forgotten and listed again when it comes back.
    counted.reset();
    await rotator.rotate([]);
    await rotator.rotate([A]);
    assert.equal(counted.count('readdir'), 1);
  });

  it('createLogRotator() also watches the raw copies in hybrid mode, even ones created later', async () => {
    await fsp.mkdir(join(dir.path, 'logs', A), { recursive: true });
    const hybrid = settings({ bridge_log_max_size_mb: 1, redact_session_url: true });
    const rotator = createLogRotator(dir.path, hybrid, { fs });
    assert.equal(await rotator.rotate([A]), 0);
    await fsp.writeFile(file(A, 'debug.raw.log'), Buffer.alloc(OVER));
    assert.equal(await rotator.rotate([A]), 1);
    assert.equal((await fsp.stat(file(A, 'debug.raw.log.1'))).size, OVER);
  });
});

describe('pruneLogSets()', () => {
  const dir = useTempDir();
  const now = Date.UTC(2026, 6, 1);
  const clock = { now: () => now };

  async function makeSet(id: string, ageDays: number, bytes = 10, files = 3): Promise<void> {
    const set = join(dir.path, 'logs', id);
    await fsp.mkdir(set, { recursive: true });
    const when = new Date(now - ageDays * DAY);
    for (let i = 0; i < files; i += 1) {
      const file = join(set, `f${i}.log`);
      await fsp.writeFile(file, Buffer.alloc(bytes));
      await fsp.utimes(file, when, when);
    }
    await fsp.utimes(set, when, when);
  }

  it('pruneLogSets() deletes sets past retention_max_age_days but never a live one', async () => {
    await makeSet('br-oldoldoldold', 40);
    await makeSet('br-livelivelive', 40);
    await makeSet('br-newnewnewnew', 1);
    const removed = await pruneLogSets(
      dir.path,
      { settings: settings(), liveIds: ['br-livelivelive'] },
      { fs, clock },
    );
    assert.deepEqual(removed, ['br-oldoldoldold']);
    assert.deepEqual((await listLogSets(dir.path, { fs })).map((s) => s.id).sort(), [
      'br-livelivelive',
      'br-newnewnewnew',
    ]);
  });

  it('pruneLogSets() deletes the oldest sets while over retention_max_files or _total_mb', async () => {
    await makeSet('br-aaaaaaaaaaaa', 5, 10);
    await makeSet('br-bbbbbbbbbbbb', 4, 10);
    await makeSet('br-cccccccccccc', 3, 10);
    const byFiles = await pruneLogSets(
      dir.path,
      { settings: settings({ retention_max_files: 6 }), liveIds: [] },
      { fs, clock },
    );
    assert.deepEqual(byFiles, ['br-aaaaaaaaaaaa']);
    await makeSet('br-dddddddddddd', 2, 3 * 1024 * 1024 - 40, 1);
    const bySize = await pruneLogSets(
      dir.path,
      { settings: settings({ retention_max_total_mb: 3 }), liveIds: ['br-bbbbbbbbbbbb'] },
      { fs, clock },
    );
    assert.deepEqual(bySize, ['br-cccccccccccc']);
  });

  it('pruneLogSets() keeps everything with age 0 and no caps, and a set written minutes ago', async () => {
    await makeSet('br-aaaaaaaaaaaa', 400);
    await makeSet('br-bbbbbbbbbbbb', 0.001);
    const removed = await pruneLogSets(
      dir.path,
      { settings: settings({ retention_max_age_days: 0, retention_max_files: 1 }), liveIds: [] },
      { fs, clock },
    );
    assert.deepEqual(removed, ['br-aaaaaaaaaaaa']);
    assert.deepEqual(
      (await listLogSets(dir.path, { fs })).map((s) => s.id),
      ['br-bbbbbbbbbbbb'],
    );
  });
});
