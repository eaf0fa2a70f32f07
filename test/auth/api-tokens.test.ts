import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  createTokenVerifier,
  findTokenHash,
  hashToken,
  issueToken,
  listTokens,
  mintToken,
  revokeToken,
} from '../../src/auth/api-tokens.js';
import { createTestClock } from '../support/auth-app.js';
import { useTempDir } from '../support/temp.js';

const dir = useTempDir();

function deps(clock = createTestClock()) {
  return { fs: fsp, clock };
}

describe('mintToken()', () => {
  it('mintToken() returns clauster_pat_ + 43 base62 characters, never twice the same', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i += 1) {
      const token = mintToken();
      assert.match(token, /^clauster_pat_[A-Za-z0-9]{43}$/);
      seen.add(token);
    }
    assert.equal(seen.size, 200);
  });
});

describe('issueToken()', () => {
  it('issueToken() stores only the SHA-256, with label, id and times, in a 0600 file', async () => {
    const issued = await issueToken(dir.path, { label: 'ci' }, deps());
    assert.ok(issued.ok);
    const text = await fsp.readFile(join(dir.path, 'tokens.json'), 'utf8');
    assert.ok(!text.includes(issued.value.token), 'the token itself is never stored');
    const doc = JSON.parse(text);
    assert.equal(doc.schema_version, 1);
    assert.equal(doc.tokens[0].hash, hashToken(issued.value.token));
    assert.equal(doc.tokens[0].label, 'ci');
    assert.deepEqual(doc.tokens[0].scopes, ['api']);
    assert.equal(doc.tokens[0].last_used_at, null);
    assert.match(doc.tokens[0].created_at, /^\d{4}-\d\d-\d\dT/);
    assert.equal((await fsp.stat(join(dir.path, 'tokens.json'))).mode & 0o777, 0o600);
  });

  it('issueToken() refuses a duplicate or malformed label', async () => {
    assert.ok((await issueToken(dir.path, { label: 'ci' }, deps())).ok);
    const dup = await issueToken(dir.path, { label: 'ci' }, deps());
    assert.equal(dup.ok ? null : dup.code, 'duplicate-label');
    for (const label of ['', '-x', 'a b', 'x'.repeat(65), 'é']) {
      const bad = await issueToken(dir.path, { label }, deps());
      assert.equal(bad.ok ? null : bad.code, 'invalid-label', label);
    }
  });

  it('issueToken() keeps every token when many are issued at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => issueToken(dir.path, { label: `t${i}` }, deps())),
    );
    assert.ok(results.every((r) => r.ok));
    assert.equal((await listTokens(dir.path, { fs: fsp })).length, 8);
  });
});

describe('revokeToken()', () => {
  it('revokeToken() removes by label or by id, and says unknown otherwise', async () => {
    const a = await issueToken(dir.path, { label: 'a' }, deps());
    const b = await issueToken(dir.path, { label: 'b' }, deps());
    assert.ok(a.ok && b.ok);
    assert.ok((await revokeToken(dir.path, 'a', deps())).ok);
    assert.ok((await revokeToken(dir.path, b.value.record.id, deps())).ok);
    const again = await revokeToken(dir.path, 'a', deps());
    assert.equal(again.ok ? null : again.code, 'unknown-token');
    assert.equal((await listTokens(dir.path, { fs: fsp })).length, 0);
  });
});

describe('findTokenHash()', () => {
  it('findTokenHash() finds the matching hash and ignores malformed entries', () => {
    const token = mintToken();
    const hashes = ['zz', hashToken(mintToken()), hashToken(token)];
    assert.equal(findTokenHash(token, hashes), 2);
    assert.equal(findTokenHash(mintToken(), hashes), -1);
  });
});

describe('createTokenVerifier()', () => {
  it('verify() accepts a stored token, refuses others, and sees a revoke at once', async () => {
    const issued = await issueToken(dir.path, { label: 'ci', scopes: ['metrics'] }, deps());
    assert.ok(issued.ok);
    const verifier = createTokenVerifier(dir.path, {}, deps());
    assert.deepEqual(await verifier.verify(issued.value.token), {
      id: issued.value.record.id,
      label: 'ci',
      scopes: ['metrics'],
    });
    for (const bad of [
      mintToken(),
      'clauster_pat_',
      `${issued.value.token}x`,
      issued.value.token.toUpperCase(),
      '',
    ]) {
      assert.equal(await verifier.verify(bad), null);
    }
    await revokeToken(dir.path, 'ci', deps());
    assert.equal(await verifier.verify(issued.value.token), null);
  });

  it('verify() accepts the legacy auth.api_token_hash and observability.metrics_token_hash', async () => {
    const token = mintToken();
    const metrics = mintToken();
    const options = { legacyHash: hashToken(token), metricsHash: hashToken(metrics) };
    const verifier = createTokenVerifier(dir.path, options, deps());
    assert.deepEqual(await verifier.verify(token), {
      id: 'legacy',
      label: 'auth.api_token_hash',
      scopes: ['api'],
    });
    assert.deepEqual((await verifier.verify(metrics))?.scopes, ['metrics']);
    assert.equal(await verifier.verify(mintToken()), null);
  });

  it('verify() records last_used_at at most once a minute', async () => {
    const clock = createTestClock(Date.UTC(2026, 0, 1));
    const issued = await issueToken(dir.path, { label: 'ci' }, deps(clock));
    assert.ok(issued.ok);
    const verifier = createTokenVerifier(dir.path, {}, deps(clock));
    await verifier.verify(issued.value.token);
    const deadline = Date.now() + 5_000;
    let used: string | null = null;
    while (used === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      used = (await listTokens(dir.path, { fs: fsp }))[0]?.last_used_at ?? null;
    }
    assert.equal(used, '2026-01-01T00:00:00.000Z');
  });

  it('verify() fails closed (refuses everything) when tokens.json is corrupt', async () => {
    const issued = await issueToken(dir.path, { label: 'ci' }, deps());
    assert.ok(issued.ok);
    await fsp.writeFile(join(dir.path, 'tokens.json'), '{"schema_version":1,"tokens":[{"id":1}]}');
    const errors: unknown[] = [];
    const verifier = createTokenVerifier(dir.path, { onError: (e) => errors.push(e) }, deps());
    assert.equal(await verifier.verify(issued.value.token), null);
    assert.equal(errors.length, 1);
  });

  it('verify() fails closed without opening a FIFO in place of tokens.json', {
    timeout: 10_000,
  }, async () => {
    const issued = await issueToken(dir.path, { label: 'ci' }, deps());
    assert.ok(issued.ok);
    const path = join(dir.path, 'tokens.json');
    await fsp.rm(path);
    execFileSync('mkfifo', [path]);
    const errors: unknown[] = [];
    const verifier = createTokenVerifier(dir.path, { onError: (e) => errors.push(e) }, deps());
    assert.equal(await verifier.verify(issued.value.token), null);
    assert.deepEqual(
      errors.map((e) => [(e as { code?: string }).code, (e as Error).message]),
      [['token-store', `${path}: not a regular file (a FIFO? a device?): remove it`]],
    );
  });

  it('lookup() gives the current identity by id and null once revoked', async () => {
    const issued = await issueToken(dir.path, { label: 'ci' }, deps());
    const other = await issueToken(dir.path, { label: 'other' }, deps());
    assert.ok(issued.ok && other.ok);
    const verifier = createTokenVerifier(dir.path, {}, deps());
    const id = issued.value.record.id;
    assert.deepEqual(await verifier.lookup(id), { id, label: 'ci', scopes: ['api'] });
    await revokeToken(dir.path, 'ci', deps());
    assert.equal(await verifier.lookup(id), null);
    assert.equal((await verifier.lookup(other.value.record.id))?.label, 'other');
    assert.equal(await verifier.lookup('tok-0000000000000000'), null);
  });

  it('lookup() fails closed when tokens.json is gone or corrupt; config tokens stay', async () => {
    const issued = await issueToken(dir.path, { label: 'ci' }, deps());
    assert.ok(issued.ok);
    const errors: unknown[] = [];
    const options = { legacyHash: hashToken(mintToken()), onError: (e: unknown) => errors.push(e) };
    const verifier = createTokenVerifier(dir.path, options, deps());
    const id = issued.value.record.id;
    assert.equal((await verifier.lookup(id))?.id, id);
    const path = join(dir.path, 'tokens.json');
    const text = await fsp.readFile(path, 'utf8');
    // Another size, so the stat stamp changes in place as a real (renaming) writer's would.
    await fsp.writeFile(path, text.replace('"schema_version": 1', '"schema_version": 22'));
    assert.equal(await verifier.lookup(id), null);
    assert.equal(errors.length, 1);
    await fsp.rm(path);
    assert.equal(await verifier.lookup(id), null);
    assert.equal((await verifier.lookup('legacy'))?.label, 'auth.api_token_hash');
  });
});
