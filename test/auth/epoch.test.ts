import assert from 'node:assert/strict';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createEpochStore, EPOCH_FILE, readEpoch } from '../../src/auth/epoch.js';
import { useTempDir } from '../support/temp.js';

const dir = useTempDir();

describe('readEpoch()', () => {
  it('readEpoch() reads 0 when session.epoch does not exist', async () => {
    assert.equal(await readEpoch(dir.path, { fs: fsp }), 0);
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
});

describe('createEpochStore()', () => {
  it('bump() persists {schema_version:1, epoch} with mode 0600 and survives a new store', async () => {
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
    const store = await createEpochStore(dir.path, { fs: fsp });
    const seen: number[] = [];
    store.onBump((epoch) => seen.push(epoch));
    const results = await Promise.all([store.bump(), store.bump(), store.bump()]);
    assert.deepEqual(results.sort(), [1, 2, 3]);
    assert.deepEqual(seen, [1, 2, 3]);
    assert.equal(await readEpoch(dir.path, { fs: fsp }), 3);
  });

  it('onBump() listeners that throw do not undo the bump', async () => {
    const store = await createEpochStore(dir.path, { fs: fsp });
    store.onBump(() => {
      throw new Error('listener failed');
    });
    assert.equal(await store.bump(), 1);
    assert.equal(store.current(), 1);
  });
});
