// The getting-started card's dismissal flag (web/src/orientation-store.ts): remembered in the
// given storage under one key; a storage that throws (disabled, private mode) never throws
// out of it and leaves the card shown.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type FlagStorage,
  isOrientationDismissed,
  ORIENTATION_KEY,
  setOrientationDismissed,
} from '../../web/src/orientation-store.js';
import { memoryStorage, THROWING_STORAGE } from '../support/memory-storage.js';

describe('isOrientationDismissed()', () => {
  it('isOrientationDismissed() is false in a fresh browser', () => {
    const storage = memoryStorage();
    assert.equal(
      isOrientationDismissed(() => storage),
      false,
    );
  });

  it('isOrientationDismissed() reads only the value 1 under its key as dismissed', () => {
    const storage = memoryStorage();
    storage.data.set(ORIENTATION_KEY, 'yes');
    assert.equal(
      isOrientationDismissed(() => storage),
      false,
    );
    storage.data.set(ORIENTATION_KEY, '1');
    assert.equal(
      isOrientationDismissed(() => storage),
      true,
    );
  });

  it('isOrientationDismissed() is false when storage or reaching it throws', () => {
    assert.equal(
      isOrientationDismissed(() => THROWING_STORAGE),
      false,
    );
    const unreachable = (): FlagStorage => {
      throw new Error('SecurityError: access to localStorage is denied');
    };
    assert.equal(isOrientationDismissed(unreachable), false);
  });
});

describe('setOrientationDismissed()', () => {
  it('setOrientationDismissed() writes the one key and removes it to show the card again', () => {
    const storage = memoryStorage();
    setOrientationDismissed(true, () => storage);
    assert.deepEqual([...storage.data], [['clauster.orientation.dismissed', '1']]);
    assert.equal(
      isOrientationDismissed(() => storage),
      true,
    );
    setOrientationDismissed(false, () => storage);
    assert.equal(storage.data.size, 0);
    assert.equal(
      isOrientationDismissed(() => storage),
      false,
    );
  });

  it('setOrientationDismissed() does not throw when storage does', () => {
    assert.doesNotThrow(() => setOrientationDismissed(true, () => THROWING_STORAGE));
    assert.doesNotThrow(() => setOrientationDismissed(false, () => THROWING_STORAGE));
  });
});
