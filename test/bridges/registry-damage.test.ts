// A damaged bridges.json loses as little as possible: bad records are dropped one by one, the
// original is kept aside under a name never reused, and a broken symlink is refused.
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { BridgeRecord } from '../../src/bridges/record.js';
import { loadRegistry, readRegistry, saveRegistry } from '../../src/bridges/registry.js';
import { RegistryLinkError } from '../../src/bridges/registry-file.js';
import { useTempDir } from '../support/temp.js';

const temp = useTempDir();
const NOW = Date.parse('2026-07-01T10:00:00.000Z');
const clock = { now: () => NOW };
const COPY = 'bridges.json.corrupt-20260701T100000Z';

function record(id: string, project: string): BridgeRecord {
  return {
    id,
    project,
    status: 'running',
    url: null,
    pid: 4242,
    started_at: '2026-07-01T09:00:00.000Z',
    stopped_at: null,
    reason: null,
    permission_mode: 'default',
    spawn_mode: 'same-dir',
    name: null,
    cwd: `/p/${project}`,
    argv: ['/usr/bin/claude', 'remote-control'],
    log_dir: '/s/logs/x',
    proc_start_ticks: 123,
    boot_id: 'b',
    intentional_stop: false,
  };
}

const GOOD_A = record('br-aaaaaaaaaaaa', 'app');
const GOOD_B = record('br-bbbbbbbbbbbb', 'repo');
const BAD = { ...record('br-cccccccccccc', 'demo'), reason: 5 };
const MIXED = `${JSON.stringify({ schema_version: 1, bridges: [GOOD_A, BAD, GOOD_B] }, null, 2)}\n`;

async function onDisk(path: string): Promise<unknown> {
  return JSON.parse(await fs.readFile(path, 'utf8'));
}

async function copies(dir: string): Promise<string[]> {
  return (await fs.readdir(dir)).filter((name) => name.startsWith('bridges.json.corrupt')).sort();
}

describe('loadRegistry() with damaged records', () => {
  it('loadRegistry() keeps every valid record and drops only the one that fails the schema', async () => {
    const path = join(temp.path, 'bridges.json');
    await fs.writeFile(path, MIXED, { mode: 0o600 });
    const loaded = await loadRegistry(temp.path, { fs, clock });
    assert.deepEqual(loaded.records, [GOOD_A, GOOD_B]);
    const copy = join(temp.path, COPY);
    assert.equal(
      loaded.warning,
      `${path}: 1 of 3 bridge records failed the record schema and were dropped (first: bridges.1.reason: Invalid input: expected string, received number; projects of the dropped records: "demo"); the 2 valid ones are kept, and the original file is kept as ${copy}. A live bridge that clauster started and no longer tracks now shows as started outside clauster (external_bridge) on its project: take it back with \`clauster adopt <project>\` (or Adopt… on its card).`,
    );
    // Before: three records; after: the two valid ones, and the original bytes beside them.
    assert.equal(await fs.readFile(copy, 'utf8'), MIXED);
    assert.equal((await fs.stat(copy)).mode & 0o777, 0o600);
    assert.deepEqual(await onDisk(path), { schema_version: 1, bridges: [GOOD_A, GOOD_B] });
    assert.deepEqual(await loadRegistry(temp.path, { fs, clock }), {
      records: [GOOD_A, GOOD_B],
      warning: null,
    });
    assert.deepEqual(await copies(temp.path), [COPY]);
  });

  it('loadRegistry() drops every record when all fail, still as records, not the document', async () => {
    const path = join(temp.path, 'bridges.json');
    const text = JSON.stringify({ schema_version: 1, bridges: [BAD, { id: '../../etc' }] });
    await fs.writeFile(path, text);
    const loaded = await loadRegistry(temp.path, { fs, clock });
    assert.deepEqual(loaded.records, []);
    assert.match(loaded.warning ?? '', /: 2 of 2 bridge records failed the record schema/);
    assert.match(loaded.warning ?? '', /projects of the dropped records: "demo"\)/);
    assert.equal(await fs.readFile(join(temp.path, COPY), 'utf8'), text);
    assert.deepEqual(await onDisk(path), { schema_version: 1, bridges: [] });
  });

  for (const [title, content] of [
    ['an empty file', ''],
    ['a file cut mid-JSON', MIXED.slice(0, 200)],
    ['garbage bytes', '\u0000\u00ff garbage \ud800'],
    ['a top-level array', '[]'],
    ['bridges that is not an array', '{"schema_version":1,"bridges":{}}'],
  ] as const) {
    it(`loadRegistry() keeps ${title} as a timestamped copy and starts empty`, async () => {
      const path = join(temp.path, 'bridges.json');
      await fs.writeFile(path, content);
      const before = await fs.readFile(path);
      const loaded = await loadRegistry(temp.path, { fs, clock });
      assert.deepEqual(loaded.records, []);
      const copy = join(temp.path, COPY);
      assert.match(
        loaded.warning ?? '',
        new RegExp(
          `^${path} was unreadable \\(.+\\); kept as ${copy}, starting with no recorded bridges\\. .*\`clauster adopt <project>\``,
        ),
      );
      assert.deepEqual(await fs.readFile(copy), before);
      assert.deepEqual(await onDisk(path), { schema_version: 1, bridges: [] });
    });
  }

  it('loadRegistry() never overwrites an earlier set-aside copy', async () => {
    const path = join(temp.path, 'bridges.json');
    await fs.writeFile(path, 'first damage');
    const first = await loadRegistry(temp.path, { fs, clock });
    await fs.writeFile(path, 'second damage');
    const second = await loadRegistry(temp.path, { fs, clock });
    const later = { now: () => NOW + 3_600_000 };
    await fs.writeFile(path, 'third damage');
    const third = await loadRegistry(temp.path, { fs, clock: later });
    const names = [COPY, `${COPY}-2`, 'bridges.json.corrupt-20260701T110000Z'];
    assert.deepEqual(await copies(temp.path), [...names].sort());
    const texts = ['first damage', 'second damage', 'third damage'];
    for (const [i, name] of names.entries()) {
      assert.equal(await fs.readFile(join(temp.path, name), 'utf8'), texts[i]);
      assert.match(
        [first, second, third][i]?.warning ?? '',
        new RegExp(`kept as ${join(temp.path, name)},`),
      );
    }
  });
});

describe('a symlinked bridges.json', () => {
  it('loadRegistry() refuses a symlink to a missing file and leaves the link as it is', async () => {
    const path = join(temp.path, 'bridges.json');
    const target = join(temp.path, 'volume', 'bridges.json');
    await fs.symlink(target, path);
    await assert.rejects(loadRegistry(temp.path, { fs, clock }), (error: Error) => {
      assert.ok(error instanceof RegistryLinkError);
      assert.equal(
        error.message,
        `${path} is a symlink to ${target}, which cannot be read (ENOENT); is the volume mounted? remove the link to start with no records`,
      );
      return true;
    });
    assert.equal(await fs.readlink(path), target);
    assert.deepEqual(await fs.readdir(temp.path), ['bridges.json']);
    const read = await readRegistry(temp.path, { fs });
    assert.equal(read.ok, false);
    assert.match(read.ok ? '' : read.detail, /is a symlink to .*is the volume mounted/);
    await assert.rejects(saveRegistry(temp.path, [GOOD_A], { fs }), RegistryLinkError);
    assert.equal(await fs.readlink(path), target);
    await assert.rejects(fs.access(target));
  });

  it('a symlink to a file is read, and written where it points (the link stays)', async () => {
    const path = join(temp.path, 'bridges.json');
    await fs.mkdir(join(temp.path, 'volume'));
    const target = join(temp.path, 'volume', 'bridges.json');
    await fs.writeFile(target, JSON.stringify({ schema_version: 1, bridges: [GOOD_A] }));
    await fs.symlink(target, path);
    assert.deepEqual(await loadRegistry(temp.path, { fs, clock }), {
      records: [GOOD_A],
      warning: null,
    });
    await saveRegistry(temp.path, [GOOD_A, GOOD_B], { fs });
    assert.equal(await fs.readlink(path), target);
    assert.deepEqual(await onDisk(target), { schema_version: 1, bridges: [GOOD_A, GOOD_B] });
    assert.deepEqual(await readRegistry(temp.path, { fs }), { ok: true, value: [GOOD_A, GOOD_B] });
  });

  it('a damaged symlinked file keeps its valid records where the link points', async () => {
    const path = join(temp.path, 'bridges.json');
    await fs.mkdir(join(temp.path, 'volume'));
    const target = join(temp.path, 'volume', 'bridges.json');
    await fs.writeFile(target, MIXED);
    await fs.symlink(target, path);
    const loaded = await loadRegistry(temp.path, { fs, clock });
    assert.deepEqual(loaded.records, [GOOD_A, GOOD_B]);
    assert.equal(await fs.readlink(path), target);
    assert.deepEqual(await onDisk(target), { schema_version: 1, bridges: [GOOD_A, GOOD_B] });
    assert.equal(await fs.readFile(join(temp.path, COPY), 'utf8'), MIXED);
  });
});
