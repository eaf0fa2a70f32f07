import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import argon2 from 'argon2';
import { checkArgon2Hash, parseArgon2Phc } from '../../src/config/phc.js';

const SALT = 'A'.repeat(22);
const TAG = 'B'.repeat(43);
const phc = (params: string, scheme = 'argon2id', version = 'v=19') =>
  `$${scheme}$${version}$${params}$${SALT}$${TAG}`;

describe('parseArgon2Phc()', () => {
  it('parseArgon2Phc() reads the parameters of a real hash in argon2 output order', async () => {
    const hash = await argon2.hash('FAKE-password', {
      type: argon2.argon2id,
      memoryCost: 19456,
      timeCost: 2,
      parallelism: 1,
    });
    assert.deepEqual(parseArgon2Phc(hash), {
      ok: true,
      value: { memoryKiB: 19456, iterations: 2, parallelism: 1 },
    });
  });
});

describe('checkArgon2Hash()', () => {
  const cases: Array<[string, string, string | null]> = [
    ['m=19456,t=2,p=1 (floor)', phc('m=19456,t=2,p=1'), null],
    ['m=47104,t=1,p=1 (t=1 floor)', phc('m=47104,t=1,p=1'), null],
    ['m=65536,p=1,t=3 (any order)', phc('m=65536,p=1,t=3'), null],
    ['m=19455,t=2,p=1', phc('m=19455,t=2,p=1'), 'below-floor'],
    ['m=47103,t=1,p=1', phc('m=47103,t=1,p=1'), 'below-floor'],
    ['m=4096,t=3,p=1', phc('m=4096,t=3,p=1'), 'below-floor'],
    ['argon2i', phc('m=65536,t=3,p=1', 'argon2i'), 'not-argon2id'],
    ['argon2d', phc('m=65536,t=3,p=1', 'argon2d'), 'not-argon2id'],
    ['version 16', phc('m=65536,t=3,p=1', 'argon2id', 'v=16'), 'not-argon2id'],
    ['a missing parameter', phc('m=65536,t=3'), 'not-argon2id'],
    ['a repeated parameter', phc('m=65536,t=3,t=4,p=1'), 'not-argon2id'],
    ['a zero parameter', phc('m=65536,t=0,p=1'), 'not-argon2id'],
    ['bcrypt', `$2b$12$${'C'.repeat(53)}`, 'not-argon2id'],
    ['plain text', 'hunter2', 'not-argon2id'],
  ];
  for (const [label, hash, code] of cases) {
    it(`checkArgon2Hash() ${code === null ? 'accepts' : `refuses (${code})`} ${label}`, () => {
      const result = checkArgon2Hash(hash);
      assert.equal(result.ok ? null : result.code, code);
      if (!result.ok) assert.equal(result.detail.includes(TAG), false);
    });
  }
});
