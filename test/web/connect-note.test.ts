// What the Connect panel says without a link (web/src/connect-note.ts): a bridge in `error`
// never registered, so it is not "waiting" for a link; it says why and what to do.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectNote } from '../../web/src/connect-note.js';
import { fakeBridge } from '../support/bridge-fixture.js';

const URL_ = 'https://claude.ai/code?environment=env_fake';

describe('connectNote()', () => {
  it('connectNote() says an error bridge did not register, to stop it and read its log', () => {
    const note = connectNote(fakeBridge({ status: 'error', url: null, pid: 4242 }));
    assert.match(String(note), /did not register/);
    assert.match(String(note), /Stop it and check its log/);
    assert.doesNotMatch(String(note), /Waiting/);
  });

  it('connectNote() waits for the link while the bridge starts or runs without one', () => {
    for (const status of ['starting', 'running'] as const) {
      assert.match(
        String(connectNote(fakeBridge({ status, url: null }))),
        /^Waiting for the connect link/,
      );
    }
  });

  it('connectNote() says a bridge that is not running has no link, even with an old one', () => {
    for (const bridge of [
      fakeBridge({ status: 'stopped', url: URL_, pid: null }),
      fakeBridge({ status: 'crashed', url: null, pid: null }),
      fakeBridge({ status: 'error', url: null, pid: null }),
    ]) {
      assert.match(String(connectNote(bridge)), /^This bridge is not running/);
    }
  });

  it('connectNote() is null when the link is shown', () => {
    assert.equal(connectNote(fakeBridge({ status: 'running', url: URL_ })), null);
    assert.equal(connectNote(fakeBridge({ status: 'error', url: URL_ })), null);
  });
});
