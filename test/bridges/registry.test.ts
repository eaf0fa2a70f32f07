import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { BridgeRecord } from '../../src/bridges/record.js';
import {
  createRegistryStore,
  inspectRegistry,
  loadRegistry,
  readRegistry,
  saveRegistry,
} from '../../src/bridges/registry.js';
import { useTempDir } from '../support/temp.js';

const temp = useTempDir();

function record(id: string, overrides: Partial<BridgeRecord> = {}): BridgeRecord {
  return {
    id,
    project: 'app',
    status: 'running',
    url: 'https://claude.ai/code?environment=env_01FakeEnvAbCdEfGhJkLmNp',
    pid: 4242,
    started_at: '2026-07-01T10:00:00.000Z',
    stopped_at: null,
    reason: null,
    permission_mode: 'default',
    spawn_mode: 'same-dir',
    name: null,
    cwd: '/p/app',
    argv: ['/usr/bin/claude', 'remote-control'],
    log_dir: '/s/logs/x',
    proc_start_ticks: 123,
    boot_id: 'b',
    intentional_stop: false,
    ...overrides,
  };
}

describe('loadRegistry()', () => {
  it('loadRegistry() starts empty without a file', async () => {
    assert.deepEqual(await loadRegistry(temp.path, { fs }), { records: [], warning: null });
  });

  it('loadRegistry() reads back what saveRegistry() wrote (0600, schema_version 1)', async () => {
    const records = [
      record('br-aaaaaaaaaaaa'),
      record('br-bbbbbbbbbbbb', { status: 'stopped', pid: null }),
    ];
    await saveRegistry(temp.path, records, { fs });
    const path = join(temp.path, 'bridges.json');
    assert.equal((await fs.stat(path)).mode & 0o777, 0o600);
    const raw = JSON.parse(await fs.readFile(path, 'utf8')) as { schema_version: number };
    assert.equal(raw.schema_version, 1);
    assert.deepEqual(await loadRegistry(temp.path, { fs }), { records, warning: null });
  });

  for (const [title, content] of [
    ['invalid JSON', '{"schema_version":1,"bridges":['],
    ['a wrong schema_version', '{"schema_version":2,"bridges":[]}'],
    ['an array', '[]'],
  ] as const) {
    it(`loadRegistry() keeps ${title} as bridges.json.corrupt-<time> and starts empty with a warning`, async () => {
      const path = join(temp.path, 'bridges.json');
      await fs.writeFile(path, content);
      const loaded = await loadRegistry(temp.path, { fs });
      assert.deepEqual(loaded.records, []);
      const [copy, ...more] = (await fs.readdir(temp.path)).filter((n) => n.includes('.corrupt'));
      assert.match(copy ?? '', /^bridges\.json\.corrupt-\d{8}T\d{6}Z$/);
      assert.deepEqual(more, []);
      assert.ok(loaded.warning?.includes(`kept as ${join(temp.path, copy ?? '')}`));
      assert.equal(await fs.readFile(join(temp.path, copy ?? ''), 'utf8'), content);
      const after = JSON.parse(await fs.readFile(path, 'utf8'));
      assert.deepEqual(after, { schema_version: 1, bridges: [] });
    });
  }

  it('loadRegistry() refuses a FIFO at bridges.json without opening it, and keeps it', {
    timeout: 10_000,
  }, async () => {
    const path = join(temp.path, 'bridges.json');
    execFileSync('mkfifo', [path]);
    await assert.rejects(loadRegistry(temp.path, { fs }), {
      message: `${path} is not a regular file (a FIFO? a device?): remove it (it holds no bridge records), then start again`,
    });
    assert.equal((await fs.lstat(path)).isFIFO(), true, 'left as it was');
    assert.deepEqual(
      (await fs.readdir(temp.path)).filter((n) => n.includes('.corrupt')),
      [],
    );
  });
});

describe('inspectRegistry()', () => {
  it('inspectRegistry() reads a missing file as no records and a saved one as its records', async () => {
    assert.deepEqual(await inspectRegistry(temp.path, { fs }), { kind: 'records', records: [] });
    const one = record('br-aaaaaaaaaaaa');
    await saveRegistry(temp.path, [one], { fs });
    assert.deepEqual(await inspectRegistry(temp.path, { fs }), { kind: 'records', records: [one] });
  });

  it('inspectRegistry() tells an unreadable file, a dangling link, a damaged document and a FIFO apart', {
    timeout: 10_000,
  }, async () => {
    const path = join(temp.path, 'bridges.json');
    const cases: Array<[string, () => Promise<unknown>, Record<string, unknown>]> = [
      ['a directory', () => fs.mkdir(path), { kind: 'unreadable', errno: 'EISDIR' }],
      [
        'a dangling link',
        () => fs.symlink(join(temp.path, 'gone'), path),
        { kind: 'dangling-link' },
      ],
      ['a cut document', () => fs.writeFile(path, '{"schema_version":1,"bri'), { kind: 'damaged' }],
      ['a FIFO', async () => execFileSync('mkfifo', [path]), { kind: 'not-a-file' }],
    ];
    for (const [label, make, expected] of cases) {
      await make();
      const read = await inspectRegistry(temp.path, { fs });
      assert.ok(read.kind !== 'records', label);
      const { detail, ...rest } = read;
      assert.deepEqual(rest, expected, label);
      assert.ok(detail.includes(path), label);
      // readRegistry() keeps one code for the CLI; the detail still says which.
      assert.deepEqual(await readRegistry(temp.path, { fs }), {
        ok: false,
        code: 'registry-corrupt',
        detail,
      });
      await fs.rm(path, { recursive: true });
    }
  });
});

describe('createRegistryStore()', () => {
  it('createRegistryStore() serialises saves and ends with the latest snapshot', async () => {
    const store = createRegistryStore(temp.path, { fs });
    const saves = [];
    for (let i = 0; i < 20; i++)
      saves.push(store.save([record('br-aaaaaaaaaaaa', { pid: 1000 + i })]));
    await Promise.all(saves);
    const loaded = await loadRegistry(temp.path, { fs });
    assert.equal(loaded.records[0]?.pid, 1019);
    const leftovers = (await fs.readdir(temp.path)).filter((name) => name !== 'bridges.json');
    assert.deepEqual(leftovers, []);
  });
});
