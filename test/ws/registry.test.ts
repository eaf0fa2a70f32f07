import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CLOSE_SERVICE_RESTART,
  CLOSE_SESSION_REVOKED,
  type ClosableSocket,
  createWsRegistry,
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
