// The guarded localStorage access shared by the dashboard's remembered choices
// (web/src/stored-value.ts): a storage that throws, or whose lookup throws, never throws out.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type FlagStorage, readStoredValue, writeStoredValue } from '../../web/src/stored-value.js';

function memoryStorage(): FlagStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

const THROWING: FlagStorage = {
  getItem: () => {
    throw new Error('SecurityError: storage is disabled');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
  removeItem: () => {
    throw new Error('SecurityError: storage is disabled');
  },
};

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
      readStoredValue('clauster.test', () => THROWING),
      null,
    );
    assert.equal(readStoredValue('clauster.test', unreachable), null);
  });

  it('writeStoredValue() does not throw when storage or reaching it does', () => {
    for (const open of [() => THROWING, unreachable]) {
      assert.doesNotThrow(() => writeStoredValue('clauster.test', 'on', open));
      assert.doesNotThrow(() => writeStoredValue('clauster.test', null, open));
    }
  });
});
