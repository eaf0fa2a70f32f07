import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CLOSE_SERVICE_RESTART,
  CLOSE_SESSION_REVOKED,
  type ClosableSocket,
  createWsRegistry,
  type WsOwner,
} from '../../src/ws/registry.js';

function fakeSocket(): ClosableSocket & {
  closed: Array<[number | undefined, string | undefined]>;
} {
  const closed: Array<[number | undefined, string | undefined]> = [];
  return {
    closed,
    close(code, reason) {
      closed.push([code, reason]);
    },
  };
}

describe('createWsRegistry()', () => {
  it('reserve() allows 16 sockets per owner and refuses the 17th', () => {
    const registry = createWsRegistry();
    for (let i = 0; i < 16; i += 1) assert.ok(registry.reserve({ key: 'session:a', epoch: 0 }).ok);
    const refused = registry.reserve({ key: 'session:a', epoch: 0 });
    assert.equal(refused.ok ? null : refused.code, 'too-many-for-owner');
    assert.ok(registry.reserve({ key: 'session:b', epoch: 0 }).ok);
    registry.closeAll();
  });

  it('reserve() allows 64 sockets in total and refuses the 65th', () => {
    const registry = createWsRegistry();
    for (let i = 0; i < 64; i += 1)
      assert.ok(registry.reserve({ key: `token:${i}`, epoch: null }).ok);
    const refused = registry.reserve({ key: 'token:new', epoch: null });
    assert.equal(refused.ok ? null : refused.code, 'too-many-total');
    assert.equal(registry.count(), 64);
    registry.closeAll();
    assert.equal(registry.count(), 0);
  });

  it('release() frees the slot and is idempotent', () => {
    const registry = createWsRegistry({ maxPerOwner: 1 });
    const first = registry.reserve({ key: 'k', epoch: null });
    assert.ok(first.ok);
    first.value.attach(fakeSocket());
    first.value.release();
    first.value.release();
    assert.equal(registry.count('k'), 0);
    assert.ok(registry.reserve({ key: 'k', epoch: null }).ok);
    registry.closeAll();
  });

  it('revokeSessionsBefore() closes older-epoch session sockets with 4401 and keeps others', () => {
    const registry = createWsRegistry();
    const sockets = { old: fakeSocket(), token: fakeSocket(), current: fakeSocket() };
    const old = registry.reserve({ key: 'session:a', epoch: 0 });
    const token = registry.reserve({ key: 'token:t', epoch: null });
    const current = registry.reserve({ key: 'session:b', epoch: 1 });
    assert.ok(old.ok && token.ok && current.ok);
    old.value.attach(sockets.old);
    token.value.attach(sockets.token);
    current.value.attach(sockets.current);
    assert.equal(registry.revokeSessionsBefore(1), 1);
    assert.deepEqual(sockets.old.closed, [[CLOSE_SESSION_REVOKED, 'session revoked']]);
    assert.deepEqual(sockets.token.closed, []);
    assert.deepEqual(sockets.current.closed, []);
    assert.equal(registry.count(), 2);
    registry.closeAll();
  });

  it('attach() closes a socket whose reservation was revoked during the handshake', () => {
    const registry = createWsRegistry();
    const reserved = registry.reserve({ key: 'session:a', epoch: 0 });
    assert.ok(reserved.ok);
    registry.revokeSessionsBefore(1);
    const socket = fakeSocket();
    reserved.value.attach(socket);
    assert.deepEqual(socket.closed, [[CLOSE_SESSION_REVOKED, 'session revoked']]);
    assert.equal(registry.count(), 0);
  });

  it('closeAll() closes a socket admitted before it but opened after it with its code, not 4401', () => {
    const cases: [number | undefined, [number, string]][] = [
      [CLOSE_SERVICE_RESTART, [CLOSE_SERVICE_RESTART, 'service restart']],
      [undefined, [1001, 'server shutting down']],
    ];
    for (const [code, expected] of cases) {
      const registry = createWsRegistry();
      const open = fakeSocket();
      const reservedOpen = registry.reserve({ key: 'session:a', epoch: 0 });
      const reservedLate = registry.reserve({ key: 'session:a', epoch: 0 });
      assert.ok(reservedOpen.ok && reservedLate.ok);
      reservedOpen.value.attach(open);
      if (code === undefined) registry.closeAll();
      else registry.closeAll(code, 'service restart');
      const late = fakeSocket();
      reservedLate.value.attach(late);
      assert.deepEqual(open.closed, [expected]);
      assert.deepEqual(late.closed, [expected], 'never 4401: the web UI would log out');
      assert.equal(registry.count(), 0);
    }
  });

  it('reserve() refuses every handshake after closeAll()', () => {
    const registry = createWsRegistry();
    registry.closeAll(CLOSE_SERVICE_RESTART, 'service restart');
    const refused = registry.reserve({ key: 'token:t', epoch: null });
    assert.equal(refused.ok ? null : refused.code, 'shutting-down');
    assert.equal(registry.count(), 0);
  });

  it('reserve() slots that are never attached are released after 10 s', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const registry = createWsRegistry({ maxPerOwner: 1 });
    assert.ok(registry.reserve({ key: 'k', epoch: null }).ok);
    assert.equal(registry.reserve({ key: 'k', epoch: null }).ok, false);
    t.mock.timers.tick(10_001);
    assert.ok(registry.reserve({ key: 'k', epoch: null }).ok);
    registry.closeAll();
  });
});

describe('createWsRegistry() token re-checks', () => {
  /** A registry whose checkToken accepts the ids in `valid` and records what it was asked. */
  function tokenRegistry(valid: Set<string>, options: { throws?: boolean } = {}) {
    const asked: string[] = [];
    const registry = createWsRegistry({
      tokenCheckMs: 2_000,
      checkToken: async (id) => {
        asked.push(id);
        if (options.throws) throw new Error('tokens.json unreadable');
        return valid.has(id);
      },
    });
    return { registry, asked };
  }

  function attachNew(registry: ReturnType<typeof createWsRegistry>, owner: WsOwner) {
    const socket = fakeSocket();
    const reserved = registry.reserve(owner);
    assert.ok(reserved.ok);
    reserved.value.attach(socket);
    return socket;
  }

  it('recheckTokens() closes every socket of a refused token with 4401 and keeps the rest', async () => {
    const valid = new Set(['tok-a', 'tok-b']);
    const { registry, asked } = tokenRegistry(valid);
    const a1 = attachNew(registry, { key: 'token:tok-a', epoch: null, tokenId: 'tok-a' });
    const a2 = attachNew(registry, { key: 'token:tok-a', epoch: null, tokenId: 'tok-a' });
    const b = attachNew(registry, { key: 'token:tok-b', epoch: null, tokenId: 'tok-b' });
    const session = attachNew(registry, { key: 'session:s', epoch: 0 });
    assert.equal(await registry.recheckTokens(), 0);
    valid.delete('tok-a');
    assert.equal(await registry.recheckTokens(), 2);
    assert.deepEqual(a1.closed, [[CLOSE_SESSION_REVOKED, 'token revoked']]);
    assert.deepEqual(a2.closed, [[CLOSE_SESSION_REVOKED, 'token revoked']]);
    assert.deepEqual(b.closed, []);
    assert.deepEqual(session.closed, []);
    assert.equal(registry.count(), 2);
    assert.deepEqual([...new Set(asked)].sort(), ['tok-a', 'tok-b'], 'sessions are not asked');
    registry.closeAll();
  });

  it('recheckTokens() fails closed: a check that throws closes the token sockets', async () => {
    const { registry } = tokenRegistry(new Set(['tok-a']), { throws: true });
    const a = attachNew(registry, { key: 'token:tok-a', epoch: null, tokenId: 'tok-a' });
    assert.equal(await registry.recheckTokens(), 1);
    assert.deepEqual(a.closed, [[CLOSE_SESSION_REVOKED, 'token revoked']]);
    registry.closeAll();
  });

  it('createWsRegistry() re-checks attached token sockets every tokenCheckMs', async (t) => {
    t.mock.timers.enable({ apis: ['setInterval'] });
    const valid = new Set(['tok-a']);
    const { registry, asked } = tokenRegistry(valid);
    const a = attachNew(registry, { key: 'token:tok-a', epoch: null, tokenId: 'tok-a' });
    valid.delete('tok-a');
    t.mock.timers.tick(1_999);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(asked, []);
    t.mock.timers.tick(1);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(asked, ['tok-a']);
    assert.deepEqual(a.closed, [[CLOSE_SESSION_REVOKED, 'token revoked']]);
    assert.equal(registry.count(), 0);
  });

  it('attach() closes with "token revoked" a socket whose token was refused during the handshake', async () => {
    const { registry } = tokenRegistry(new Set(['tok-b']));
    attachNew(registry, { key: 'token:tok-a', epoch: null, tokenId: 'tok-a' });
    const late = registry.reserve({ key: 'token:tok-a', epoch: null, tokenId: 'tok-a' });
    assert.ok(late.ok);
    await registry.recheckTokens();
    const socket = fakeSocket();
    late.value.attach(socket);
    assert.deepEqual(socket.closed, [[CLOSE_SESSION_REVOKED, 'token revoked']]);
    assert.equal(registry.count(), 0);
  });
});
