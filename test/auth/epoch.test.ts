import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createEpochStore, EPOCH_FILE, readEpoch } from '../../src/auth/epoch.js';
import { createSessionCodec } from '../../src/auth/sessions.js';
import { createTestClock } from '../support/auth-app.js';
import { useTempDir } from '../support/temp.js';

const dir = useTempDir();

describe('readEpoch()', () => {
  it('readEpoch() reads null when session.epoch does not exist', async () => {
    assert.equal(await readEpoch(dir.path, { fs: fsp }), null);
  });

  it('readEpoch() refuses a corrupt file instead of starting over at 0', async () => {
    const cases = [
      'not json',
      '{"epoch":3}',
      '{"schema_version":1,"epoch":-1}',
      '{"schema_version":1,"epoch":"3"}',
      'null',
    ];
    for (const text of cases) {
      await fsp.writeFile(join(dir.path, EPOCH_FILE), text);
      await assert.rejects(readEpoch(dir.path, { fs: fsp }), { code: 'epoch-corrupt' }, text);
    }
  });

  it('readEpoch() refuses a FIFO at session.epoch without opening it', {
    timeout: 10_000,
  }, async () => {
    const path = join(dir.path, EPOCH_FILE);
    execFileSync('mkfifo', [path]);
    await assert.rejects(readEpoch(dir.path, { fs: fsp }), {
      code: 'epoch-corrupt',
      message: `${path}: not a regular file (a FIFO? a device?): remove it (a new epoch is then started: every browser logs in again)`,
    });
  });
});

const writeEpochFile = (epoch: number) =>
  fsp.writeFile(join(dir.path, EPOCH_FILE), JSON.stringify({ schema_version: 1, epoch }));

describe('createEpochStore()', () => {
  it('bump() persists {schema_version:1, epoch} with mode 0600 and survives a new store', async () => {
    await writeEpochFile(0);
    const store = await createEpochStore(dir.path, { fs: fsp });
    assert.equal(await store.bump(), 1);
    assert.equal(await store.bump(), 2);
    const text = await fsp.readFile(join(dir.path, EPOCH_FILE), 'utf8');
    assert.deepEqual(JSON.parse(text), { schema_version: 1, epoch: 2 });
    assert.equal((await fsp.stat(join(dir.path, EPOCH_FILE))).mode & 0o777, 0o600);
    const restarted = await createEpochStore(dir.path, { fs: fsp });
    assert.equal(restarted.current(), 2);
  });

  it('bump() gives concurrent callers distinct epochs and tells listeners after the write', async () => {
    await writeEpochFile(0);
    const store = await createEpochStore(dir.path, { fs: fsp });
    const seen: number[] = [];
    store.onBump((epoch) => seen.push(epoch));
    const results = await Promise.all([store.bump(), store.bump(), store.bump()]);
    assert.deepEqual(results.sort(), [1, 2, 3]);
    assert.deepEqual(seen, [1, 2, 3]);
    assert.equal(await readEpoch(dir.path, { fs: fsp }), 3);
  });

  it('onBump() listeners that throw do not undo the bump', async () => {
    await writeEpochFile(0);
    const store = await createEpochStore(dir.path, { fs: fsp });
    store.onBump(() => {
      throw new Error('listener failed');
    });
    assert.equal(await store.bump(), 1);
    assert.equal(store.current(), 1);
  });

  it('createEpochStore() without session.epoch writes a new random epoch far above a count from 0', async () => {
    const started: number[] = [];
    const store = await createEpochStore(
      dir.path,
      { fs: fsp },
      { onStarted: (e) => started.push(e) },
    );
    const first = store.current();
    assert.ok(Number.isSafeInteger(first) && first >= 2 ** 40, String(first));
    assert.deepEqual(started, [first]);
    assert.equal(await readEpoch(dir.path, { fs: fsp }), first, 'written before it is used');
    const again = await createEpochStore(
      dir.path,
      { fs: fsp },
      { onStarted: (e) => started.push(e) },
    );
    assert.equal(again.current(), first, 'an existing file is read, not replaced');
    assert.equal(started.length, 1);
  });

  it('a lost or dangling session.epoch never brings back a cookie a logout revoked', async () => {
    const clock = createTestClock();
    const codec = createSessionCodec({ secret: 'FAKE'.repeat(10), maxAgeSeconds: 3600 }, { clock });
    const path = join(dir.path, EPOCH_FILE);
    for (const lose of [
      () => fsp.rm(path),
      async () => {
        await fsp.rm(path);
        await fsp.symlink(join(dir.path, 'unmounted', 'session.epoch'), path);
      },
    ]) {
      await writeEpochFile(0);
      const store = await createEpochStore(dir.path, { fs: fsp });
      const { seal } = await codec.issue('admin', store.current());
      assert.equal((await codec.open(seal, store.current())).ok, true);
      await store.bump(); // logout
      await lose();
      const restarted = await createEpochStore(dir.path, { fs: fsp });
      assert.notEqual(restarted.current(), 0);
      const reopened = await codec.open(seal, restarted.current());
      assert.equal(reopened.ok, false);
      assert.equal((await fsp.lstat(path)).isFile(), true, 'a regular file replaces the link');
    }
  });
});
