// The merge of live tail answers in the conversation view (web/src/live-turns.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { turnsToAppend } from '../../web/src/live-turns.js';

describe('turnsToAppend()', () => {
  it('turnsToAppend() drops turns already shown, as when a tail with after=-1 races the load', () => {
    const answer = [0, 1, 2, 3].map((index) => ({ index }));
    assert.deepEqual(
      turnsToAppend(3, answer).map((turn) => turn.index),
      [3],
    );
    assert.deepEqual(turnsToAppend(4, answer), []);
    assert.equal(turnsToAppend(0, answer).length, 4);
  });
});
