import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ClausterEvent, createEventBus } from '../../src/events/bus.js';

describe('createEventBus()', () => {
  it('createEventBus() delivers to every subscriber until it unsubscribes', () => {
    const bus = createEventBus();
    const seen: ClausterEvent[] = [];
    const off = bus.subscribe((e) => seen.push(e));
    bus.publish({ type: 'projects-changed' });
    off();
    bus.publish({ type: 'projects-changed' });
    assert.equal(seen.length, 1);
    assert.equal(bus.listenerCount(), 0);
  });

  it('createEventBus() keeps delivering when one listener throws', () => {
    const bus = createEventBus();
    let count = 0;
    bus.subscribe(() => {
      throw new Error('boom');
    });
    bus.subscribe(() => {
      count += 1;
    });
    bus.publish({ type: 'warning', code: 'x', message: 'y' });
    assert.equal(count, 1);
  });
});
