// The guarded localStorage access shared by the dashboard's remembered choices
// (web/src/stored-value.ts): a storage that throws, or whose lookup throws, never throws out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type FlagStorage, readStoredValue, writeStoredValue } from '../../web/src/stored-value.js';
import { memoryStorage, THROWING_STORAGE } from '../support/memory-storage.js';

const unreachable = (): FlagStorage => {
  throw new Error('SecurityError: access to localStorage is denied');
};

describe('readStoredValue() / writeStoredValue()', () => {
  it('writeStoredValue() sets the key and null removes it', () => {
    const storage = memoryStorage();
    writeStoredValue('clauster.test', 'on', () => storage);
    assert.deepEqual([...storage.data], [['clauster.test', 'on']]);
    assert.equal(
      readStoredValue('clauster.test', () => storage),
      'on',
    );
    writeStoredValue('clauster.test', null, () => storage);
    assert.equal(storage.data.size, 0);
    assert.equal(
      readStoredValue('clauster.test', () => storage),
      null,
    );
  });

  it('readStoredValue() is null when storage or reaching it throws', () => {
    assert.equal(
      readStoredValue('clauster.test', () => THROWING_STORAGE),
      null,
    );
    assert.equal(readStoredValue('clauster.test', unreachable), null);
  });

  it('writeStoredValue() does not throw when storage or reaching it does', () => {
    for (const open of [() => THROWING_STORAGE, unreachable]) {
      assert.doesNotThrow(() => writeStoredValue('clauster.test', 'on', open));
      assert.doesNotThrow(() => writeStoredValue('clauster.test', null, open));
    }
  });
});
