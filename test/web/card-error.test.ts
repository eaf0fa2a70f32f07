// When a project card's action error is out of date (web/src/card-error.ts): it stays while
// nothing new is known about the card, and goes once its bridge changes or the events socket
// was lost and came back (the snapshot that brings fresh data after "Could not reach").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CardSeen, markError, nextErrorMark } from '../../web/src/card-error.js';

const running = { id: 'br-abcdefghijkl', status: 'running' };
const seen = (connection: CardSeen['connection'], bridge = running): CardSeen => ({
  connection,
  bridge,
});

describe('card action errors', () => {
  it('markError() keeps an error while the card and the connection stay as they were', () => {
    let mark = markError(seen('live'));
    for (let i = 0; i < 3; i += 1) {
      const next = nextErrorMark(mark, seen('live'));
      assert.ok(next, 'a re-render with the same bridge keeps the error');
      mark = next;
    }
    assert.ok(
      nextErrorMark(markError({ connection: 'live', bridge: null }), {
        ...seen('live'),
        bridge: null,
      }),
    );
  });

  it('nextErrorMark() clears it once the socket dropped after the error and is live again', () => {
    let mark = nextErrorMark(markError(seen('live')), seen('offline'));
    assert.ok(mark, 'still shown while offline');
    mark = nextErrorMark(mark, seen('connecting'));
    assert.ok(mark, 'still shown while reconnecting');
    assert.equal(nextErrorMark(mark, seen('live')), null, 'the snapshot arrived: cleared');
  });

  it('nextErrorMark() clears an error raised while offline when the connection comes back', () => {
    const mark = markError(seen('offline'));
    assert.ok(nextErrorMark(mark, seen('offline')));
    assert.equal(nextErrorMark(mark, seen('live')), null);
  });

  it('nextErrorMark() clears it when the card shows another bridge or a new status', () => {
    const mark = markError(seen('live'));
    assert.equal(nextErrorMark(mark, seen('live', { ...running, status: 'stopped' })), null);
    assert.equal(nextErrorMark(mark, seen('live', { ...running, id: 'br-mnopqrstuvwx' })), null);
    assert.equal(nextErrorMark(mark, { connection: 'live', bridge: null }), null);
    const none = markError({ connection: 'live', bridge: null });
    assert.equal(nextErrorMark(none, seen('live')), null, 'a bridge appeared');
  });
});
