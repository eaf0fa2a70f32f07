import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createTtlCache,
  hashCacheKey,
  readSealExpiryMs,
  SESSION_CACHE_TTL_MS,
} from '../../src/auth/session-cache.js';

describe('createTtlCache()', () => {
  it('get() returns a value until its TTL has passed', () => {
    const cache = createTtlCache<string>({ ttlMs: 1000 });
    cache.set('k', 'v', 5000);
    assert.equal(cache.get('k', 5999), 'v');
    assert.equal(cache.get('k', 6000), undefined);
    assert.equal(cache.size, 0);
  });

  it('set() never keeps an entry longer than 10 s, whatever it is asked', () => {
    const cache = createTtlCache<string>({ ttlMs: 3_600_000 });
    cache.set('k', 'v', 0);
    assert.equal(cache.get('k', SESSION_CACHE_TTL_MS - 1), 'v');
    assert.equal(cache.get('k', SESSION_CACHE_TTL_MS), undefined);
  });

  it('set() honours an earlier untilMs and skips entries already expired', () => {
    const cache = createTtlCache<string>();
    cache.set('k', 'v', 0, 500);
    assert.equal(cache.get('k', 499), 'v');
    assert.equal(cache.get('k', 500), undefined);
    cache.set('gone', 'v', 1000, 900);
    assert.equal(cache.size, 0);
  });

  it('get() drops an entry when the clock went backwards', () => {
    const cache = createTtlCache<string>();
    cache.set('k', 'v', 10_000);
    assert.equal(cache.get('k', 9_999), undefined);
    assert.equal(cache.get('k', 10_000), undefined, 'dropped, not resurrected');
  });

  it('set() evicts the least recently used entry beyond capacity', () => {
    const cache = createTtlCache<number>({ capacity: 3 });
    for (const [i, key] of ['a', 'b', 'c'].entries()) cache.set(key, i, 0);
    assert.equal(cache.get('a', 1), 0, 'a is now the most recent');
    cache.set('d', 3, 1);
    assert.equal(cache.size, 3);
    assert.equal(cache.get('b', 2), undefined);
    assert.deepEqual(
      ['a', 'c', 'd'].map((key) => cache.get(key, 2)),
      [0, 2, 3],
    );
  });

  it('clear() empties the cache', () => {
    const cache = createTtlCache<number>();
    cache.set('a', 1, 0);
    cache.clear();
    assert.equal(cache.get('a', 1), undefined);
  });
});

describe('hashCacheKey()', () => {
  it('hashCacheKey() is a SHA-256 digest that does not contain the secret', () => {
    const secret = `Fe26.2*FAKE${'x'.repeat(40)}`;
    const key = hashCacheKey(secret);
    assert.equal(key.length, 43);
    assert.ok(!key.includes('Fe26') && !key.includes('FAKE'));
    assert.equal(hashCacheKey(secret), key);
    assert.notEqual(hashCacheKey(`${secret}y`), key);
  });
});

describe('readSealExpiryMs()', () => {
  it("readSealExpiryMs() reads iron's expiry field and nothing else", () => {
    assert.equal(readSealExpiryMs('Fe26.2*1*aa*iv*data*1700000000000*bb*mac~2'), 1_700_000_000_000);
    assert.equal(readSealExpiryMs('Fe26.2*1*aa*iv*data**bb*mac~2'), null);
    assert.equal(readSealExpiryMs('garbage'), null);
    assert.equal(readSealExpiryMs('Fe26.2*1*aa*iv*data*12x*bb*mac~2'), null);
  });
});
