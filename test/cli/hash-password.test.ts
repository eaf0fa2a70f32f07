import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import argon2 from 'argon2';
import { main } from '../../src/cli/main.js';
import { checkArgon2Hash } from '../../src/config/phc.js';
import { createTestIo } from '../support/cli-io.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();

describe('runHashPassword()', () => {
  it('runHashPassword() hashes one stdin line with argon2id m=65536,t=3,p=1', async () => {
    const t = createTestIo({ home: home.path });
    t.input('FAKE-correct horse\nignored second line\n', true);
    assert.equal(await main(['hash-password'], t.io), 0);
    const hash = t.stdout().trim();
    assert.deepEqual(checkArgon2Hash(hash), {
      ok: true,
      value: { memoryKiB: 65536, iterations: 3, parallelism: 1 },
    });
    assert.equal(await argon2.verify(hash, 'FAKE-correct horse'), true);
    assert.equal(t.stdout().includes('FAKE-correct'), false);
  });

  it('runHashPassword() exits 1 on empty input', async () => {
    const t = createTestIo({ home: home.path });
    t.input('', true);
    assert.equal(await main(['hash-password'], t.io), 1);
    assert.match(t.stderr(), /empty input/);
  });

  it('runHashPassword() refuses a password over 1024 bytes before hashing it', async () => {
    const t = createTestIo({ home: home.path });
    t.input(`${'\u00e9'.repeat(513)}\n`, true);
    assert.equal(await main(['hash-password'], t.io), 1);
    assert.equal(t.stderr(), 'clauster hash-password: password refused: at most 1024 bytes\n');
    assert.equal(t.stdout(), '');
  });

  it('runHashPassword() --json prints a refusal as {"error":{code,message}} on stdout', async () => {
    const t = createTestIo({ home: home.path });
    t.input('', true);
    assert.equal(await main(['hash-password', '--json'], t.io), 1);
    const message = 'password refused: expected a password, got empty input';
    assert.deepEqual(JSON.parse(t.stdout()), { error: { code: 'invalid-password', message } });
    assert.equal(t.stderr(), `clauster hash-password: ${message}\n`);
  });

  it('runHashPassword() asks twice on a TTY and refuses differing answers', async () => {
    const t = createTestIo({ home: home.path, isTTY: true });
    t.input('FAKE-one\r\nFAKE-two\n');
    assert.equal(await main(['hash-password'], t.io), 1);
    assert.match(t.stderr(), /Password: \nRepeat password: \n.*differ/s);
    assert.equal(t.stderr().includes('FAKE-'), false);
  });

  it('runHashPassword() on a TTY prints the hash when both answers match (--json)', async () => {
    const t = createTestIo({ home: home.path, isTTY: true });
    t.input('FAKE-same\nFAKE-same\n');
    assert.equal(await main(['hash-password', '--json'], t.io), 0);
    const { password_hash } = JSON.parse(t.stdout());
    assert.equal(await argon2.verify(password_hash, 'FAKE-same'), true);
  });
});
