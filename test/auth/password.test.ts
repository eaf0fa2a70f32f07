import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPasswordService, MAX_PASSWORD_BYTES } from '../../src/auth/password.js';
import { checkArgon2Hash } from '../../src/config/phc.js';
import { FAKE_PASSWORD, fakePasswordHash } from '../support/auth-app.js';

describe('createPasswordService().hash()', () => {
  it('hash() produces argon2id with m=65536, t=3, p=1 that the config policy accepts', async () => {
    const hash = await createPasswordService().hash(FAKE_PASSWORD);
    assert.match(hash, /^\$argon2id\$v=19\$/);
    const parsed = checkArgon2Hash(hash);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value, { memoryKiB: 65_536, iterations: 3, parallelism: 1 });
    assert.equal(await createPasswordService().verify(FAKE_PASSWORD, hash), 'match');
  });

  it('hash() refuses a password over 1024 bytes before hashing', async () => {
    await assert.rejects(createPasswordService().hash('x'.repeat(MAX_PASSWORD_BYTES + 1)), {
      code: 'invalid-password',
    });
  });
});

describe('createPasswordService().verify()', () => {
  it('verify() matches the right password and refuses a wrong one', async () => {
    const service = createPasswordService();
    const hash = await fakePasswordHash();
    assert.equal(await service.verify(FAKE_PASSWORD, hash), 'match');
    assert.equal(await service.verify(`${FAKE_PASSWORD}x`, hash), 'mismatch');
    // byte-for-byte: no case folding, no trimming
    assert.equal(await service.verify(FAKE_PASSWORD.toUpperCase(), hash), 'mismatch');
    assert.equal(await service.verify(` ${FAKE_PASSWORD}`, hash), 'mismatch');
  });

  it('verify() runs a dummy hash and says mismatch when no hash is configured', async () => {
    const started = performance.now();
    assert.equal(await createPasswordService().verify(FAKE_PASSWORD, null), 'mismatch');
    // The dummy costs a real argon2 run (m=64 MiB, t=3): well above a trivial return.
    assert.ok(performance.now() - started > 20);
  });

  it('verify() says mismatch for an unknown user even with the right password', async () => {
    const hash = await fakePasswordHash();
    assert.equal(await createPasswordService().verify(FAKE_PASSWORD, hash, 'root'), 'mismatch');
  });

  it('verify() refuses over 1024 bytes without hashing and accepts long passphrases', async () => {
    const service = createPasswordService();
    const hash = await fakePasswordHash();
    const started = performance.now();
    assert.equal(await service.verify('é'.repeat(513), hash), 'too-long');
    assert.ok(performance.now() - started < 20);
    assert.equal(await service.verify('a'.repeat(MAX_PASSWORD_BYTES), hash), 'mismatch');
    assert.equal(await service.verify('p'.repeat(64), hash), 'mismatch');
  });

  it('verify() treats a weak or malformed stored hash as no hash', async () => {
    const service = createPasswordService();
    assert.equal(await service.verify(FAKE_PASSWORD, '$2b$10$notanargon2hash'), 'mismatch');
    assert.equal(await service.verify(FAKE_PASSWORD, 'garbage'), 'mismatch');
  });
});
