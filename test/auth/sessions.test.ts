import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fsp from 'node:fs/promises';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  buildSessionCookieName,
  createSessionCodec,
  RENEW_AFTER_SECONDS,
  resolveSessionSecret,
} from '../../src/auth/sessions.js';
import { redactText } from '../../src/security/redact.js';
import { createTestClock } from '../support/auth-app.js';
import { useSuiteTempDir } from '../support/temp.js';

const SECRET = 'FAKE'.repeat(10);

describe('buildSessionCookieName()', () => {
  it('buildSessionCookieName() carries a short hash of the resolved state_dir', () => {
    const plain = buildSessionCookieName('/srv/a/../b', false);
    assert.match(plain, /^clauster_session_[0-9a-f]{8}$/);
    assert.equal(plain, buildSessionCookieName('/srv/b', false));
    assert.notEqual(plain, buildSessionCookieName('/srv/c', false));
  });

  it('buildSessionCookieName() adds __Host- exactly when Secure applies', () => {
    assert.equal(
      buildSessionCookieName('/srv/b', true),
      `__Host-${buildSessionCookieName('/srv/b', false)}`,
    );
  });
});

describe('resolveSessionSecret()', () => {
  const dir = useSuiteTempDir();

  it('resolveSessionSecret() generates 32 random bytes once, 0600, and reuses them', async () => {
    const state = join(dir.path, 'gen');
    await fsp.mkdir(state);
    const first = await resolveSessionSecret(state, {}, { fs: fsp, env: {} });
    const second = await resolveSessionSecret(state, {}, { fs: fsp, env: {} });
    assert.equal(first, second);
    assert.equal(Buffer.from(first, 'base64url').length, 32);
    assert.equal((await stat(join(state, 'session.secret'))).mode & 0o777, 0o600);
  });

  it('resolveSessionSecret() prefers the config file, then the _FILE variable, then the variable', async () => {
    const cfgFile = join(dir.path, 'cfg.secret');
    const envFile = join(dir.path, 'env.secret');
    await writeFile(cfgFile, `${'C'.repeat(40)}\n`);
    await writeFile(envFile, `${'E'.repeat(40)}\n`);
    const env = { CLAUSTER_SESSION_SECRET_FILE: envFile, CLAUSTER_SESSION_SECRET: 'V'.repeat(40) };
    const deps = { fs: fsp, env };
    assert.equal(
      await resolveSessionSecret(dir.path, { secretFile: cfgFile }, deps),
      'C'.repeat(40),
    );
    assert.equal(await resolveSessionSecret(dir.path, {}, deps), 'E'.repeat(40));
    const onlyVar = { fs: fsp, env: { CLAUSTER_SESSION_SECRET: 'V'.repeat(40) } };
    assert.equal(await resolveSessionSecret(dir.path, {}, onlyVar), 'V'.repeat(40));
  });

  it('resolveSessionSecret() refuses a secret under 32 bytes without echoing it', async () => {
    const short = 'short-fake-secret';
    await assert.rejects(
      resolveSessionSecret(dir.path, {}, { fs: fsp, env: { CLAUSTER_SESSION_SECRET: short } }),
      (error: Error) => {
        assert.equal((error as { code?: string }).code, 'session-secret');
        assert.ok(!error.message.includes(short));
        // Worded so that the redactor (CLI and log output) leaves it whole: no `SECRET: …`.
        assert.equal(redactText(error.message), error.message);
        assert.match(error.message, /CLAUSTER_SESSION_SECRET is too short: it holds 17 bytes/);
        return true;
      },
    );
  });

  it('resolveSessionSecret() names an unreadable session.secret, its cause, and nothing the redactor masks', async () => {
    const state = join(dir.path, 'dangling');
    await fsp.mkdir(state);
    const path = join(state, 'session.secret');
    await fsp.symlink(join(state, 'unmounted', 'secret'), path);
    await assert.rejects(resolveSessionSecret(state, {}, { fs: fsp, env: {} }), (error: Error) => {
      assert.equal(
        error.message,
        `cannot read the session secret from session.secret (${path}): ENOENT (a symbolic link to a missing file)`,
      );
      assert.equal(redactText(error.message), error.message);
      return true;
    });
  });

  it('resolveSessionSecret() names a plain missing secret file without a link hint', async () => {
    const path = join(dir.path, 'no-such-secret');
    await assert.rejects(
      resolveSessionSecret(dir.path, { secretFile: path }, { fs: fsp, env: {} }),
      (error: Error) => {
        assert.match(error.message, /: ENOENT$/);
        return true;
      },
    );
  });

  it('resolveSessionSecret() refuses a FIFO in place of the secret without opening it', {
    timeout: 10_000,
  }, async () => {
    const state = join(dir.path, 'fifo');
    await fsp.mkdir(state);
    const path = join(state, 'session.secret');
    execFileSync('mkfifo', [path]);
    const set = join(state, 'set.secret');
    execFileSync('mkfifo', [set]);
    for (const [options, message] of [
      [
        {},
        `cannot read the session secret from session.secret (${path}): not a regular file (a FIFO? a device?); remove it: clauster run creates a new one`,
      ],
      [
        { secretFile: set },
        `cannot read the session secret from auth.session_secret_file (${set}): not a regular file (a FIFO? a device?); point auth.session_secret_file at a regular file`,
      ],
    ] as const) {
      await assert.rejects(
        resolveSessionSecret(state, options, { fs: fsp, env: {} }),
        (error: Error) => {
          assert.equal((error as { code?: string }).code, 'session-secret');
          assert.equal(error.message, message);
          return true;
        },
      );
    }
    // The generated file's refusal reaches logs whole (the key's name is masked there already).
    await assert.rejects(resolveSessionSecret(state, {}, { fs: fsp, env: {} }), (error: Error) => {
      assert.equal(redactText(error.message), error.message);
      return true;
    });
  });

  it('resolveSessionSecret() uses a raw 32-byte file (Python original) through its hex form', async () => {
    const state = join(dir.path, 'raw');
    await fsp.mkdir(state);
    const raw = Buffer.alloc(32, 0x01);
    await writeFile(join(state, 'session.secret'), raw);
    assert.equal(await resolveSessionSecret(state, {}, { fs: fsp, env: {} }), raw.toString('hex'));
  });
});

describe('createSessionCodec()', () => {
  const maxAgeSeconds = 7 * 86_400;

  it('open() accepts a fresh seal and returns its payload', async () => {
    const clock = createTestClock();
    const codec = createSessionCodec({ secret: SECRET, maxAgeSeconds }, { clock });
    const { seal, payload } = await codec.issue('admin', 3);
    const opened = await codec.open(seal, 3);
    assert.ok(opened.ok);
    assert.deepEqual(opened.value, payload);
    assert.equal(payload.iat, Math.floor(clock.now() / 1000));
  });

  it('open() refuses tampered, foreign-secret and garbage seals as malformed', async () => {
    const clock = createTestClock();
    const codec = createSessionCodec({ secret: SECRET, maxAgeSeconds }, { clock });
    const other = createSessionCodec({ secret: 'X'.repeat(40), maxAgeSeconds }, { clock });
    const { seal } = await codec.issue('admin', 0);
    const middle = Math.floor(seal.length / 2);
    const flipped = `${seal.slice(0, middle)}${seal[middle] === 'A' ? 'B' : 'A'}${seal.slice(middle + 1)}`;
    const cases = [
      flipped,
      (await other.issue('admin', 0)).seal,
      '',
      'Fe26.2**',
      'x'.repeat(5000),
      `${seal}x`,
    ];
    for (const bad of cases) {
      const opened = await codec.open(bad, 0);
      assert.equal(opened.ok, false);
      if (!opened.ok) assert.equal(opened.code, 'malformed');
    }
  });

  it('open() refuses a seal from an older epoch', async () => {
    const codec = createSessionCodec(
      { secret: SECRET, maxAgeSeconds },
      { clock: createTestClock() },
    );
    const { seal } = await codec.issue('admin', 1);
    const opened = await codec.open(seal, 2);
    assert.deepEqual(opened.ok ? null : opened.code, 'revoked');
  });

  it('open() enforces the absolute lifetime from iat with the injected clock', async () => {
    const clock = createTestClock();
    const codec = createSessionCodec(
      { secret: SECRET, maxAgeSeconds: 3600, idleSeconds: 3600 },
      { clock },
    );
    const { seal } = await codec.issue('admin', 0);
    clock.advance(3599 * 1000);
    assert.ok((await codec.open(seal, 0)).ok);
    clock.advance(2000);
    const opened = await codec.open(seal, 0);
    assert.equal(opened.ok ? null : opened.code, 'expired');
  });

  it('open() enforces the idle timeout and renew() slides it without moving iat', async () => {
    const clock = createTestClock();
    const codec = createSessionCodec(
      { secret: SECRET, maxAgeSeconds, idleSeconds: 86_400 },
      { clock },
    );
    const first = await codec.issue('admin', 0);
    clock.advance(20 * 3600 * 1000);
    const renewed = await codec.renew(first.payload);
    assert.ok(renewed);
    assert.equal(renewed.payload.iat, first.payload.iat);
    assert.equal(renewed.payload.sid, first.payload.sid);
    clock.advance(20 * 3600 * 1000);
    assert.ok(
      (await codec.open(renewed.seal, 0)).ok,
      'renewed seal is still inside the idle window',
    );
    const stale = await codec.open(first.seal, 0);
    assert.equal(stale.ok ? null : stale.code, 'idle');
  });

  it('renew() does nothing within RENEW_AFTER_SECONDS of the last activity', async () => {
    const clock = createTestClock();
    const codec = createSessionCodec({ secret: SECRET, maxAgeSeconds }, { clock });
    const { payload } = await codec.issue('admin', 0);
    clock.advance((RENEW_AFTER_SECONDS - 1) * 1000);
    assert.equal(await codec.renew(payload), null);
  });

  it('open() refuses a seal whose iat lies in the future', async () => {
    const clock = createTestClock();
    const codec = createSessionCodec({ secret: SECRET, maxAgeSeconds }, { clock });
    clock.advance(3600 * 1000);
    const { seal } = await codec.issue('admin', 0);
    clock.advance(-3600 * 1000);
    const opened = await codec.open(seal, 0);
    assert.equal(opened.ok ? null : opened.code, 'future');
  });

  it('open() still refuses a cached seal once the epoch moves on', async () => {
    const clock = createTestClock();
    const codec = createSessionCodec({ secret: SECRET, maxAgeSeconds }, { clock });
    const { seal } = await codec.issue('admin', 4);
    assert.ok((await codec.open(seal, 4)).ok);
    assert.ok((await codec.open(seal, 4)).ok, 'second open served from the cache');
    const opened = await codec.open(seal, 5);
    assert.equal(opened.ok ? null : opened.code, 'revoked');
  });

  it('open() still applies the absolute and idle limits to a cached seal', async () => {
    // A clock an hour behind real time: iron's own (real-time) expiry never ends the cache
    // entry first, so the refusals below come from the policy checks on a cached payload.
    const clock = createTestClock(Date.now() - 3_600_000);
    const absolute = createSessionCodec({ secret: SECRET, maxAgeSeconds: 5 }, { clock });
    const idle = createSessionCodec(
      { secret: SECRET, maxAgeSeconds: 100, idleSeconds: 3 },
      { clock },
    );
    const a = await absolute.issue('admin', 0);
    const b = await idle.issue('admin', 0);
    assert.ok((await absolute.open(a.seal, 0)).ok);
    assert.ok((await idle.open(b.seal, 0)).ok);
    clock.advance(3_000);
    const idled = await idle.open(b.seal, 0);
    assert.equal(idled.ok ? null : idled.code, 'idle');
    clock.advance(2_000);
    const expired = await absolute.open(a.seal, 0);
    assert.equal(expired.ok ? null : expired.code, 'expired');
  });

  it('renew() hands requests with the same old payload one shared renewal', async () => {
    const clock = createTestClock();
    const codec = createSessionCodec({ secret: SECRET, maxAgeSeconds }, { clock });
    const first = await codec.issue('admin', 0);
    clock.advance(RENEW_AFTER_SECONDS * 1000);
    const [a, b] = await Promise.all([codec.renew(first.payload), codec.renew(first.payload)]);
    assert.ok(a && b);
    clock.advance(1000);
    const c = await codec.renew(first.payload);
    assert.equal(c?.seal, (await codec.renew(first.payload))?.seal);
    assert.ok((await codec.open(c?.seal ?? '', 0)).ok);
    clock.advance(20_000);
    const later = await codec.renew(first.payload);
    assert.ok(later);
    assert.equal(
      later.payload.lat,
      Math.floor(clock.now() / 1000),
      'a fresh renewal after the TTL',
    );
  });

  it('issue() gives every login a new session id', async () => {
    const codec = createSessionCodec(
      { secret: SECRET, maxAgeSeconds },
      { clock: createTestClock() },
    );
    const a = await codec.issue('admin', 0);
    const b = await codec.issue('admin', 0);
    assert.notEqual(a.payload.sid, b.payload.sid);
    assert.ok(a.seal.length < 4096);
  });
});
