// Waiting for clauster after "Restart clauster" (web/src/restart-wait.ts), with a scripted
// /healthz and a fake clock: back after a failure then an OK, or on a new started_at; never on
// the old server's OK answers; a timeout after 60 s.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type HealthAnswer, waitForRestart } from '../../web/src/restart-wait.js';

const OLD = '2030-01-01T00:00:00.000Z';
const NEW = '2030-01-01T00:05:00.000Z';
const UP_OLD: HealthAnswer = { ok: true, startedAt: OLD };
const DOWN: HealthAnswer = { ok: false, startedAt: null };

/** Runs waitForRestart over `answers` (the last one repeats); returns the result and polls. */
async function run(answers: HealthAnswer[], before: string | null = OLD) {
  let t = 0;
  let polls = 0;
  const result = await waitForRestart({
    before,
    probe: async () => answers[Math.min(polls++, answers.length - 1)] as HealthAnswer,
    sleep: async (ms) => {
      t += ms;
    },
    now: () => t,
  });
  return { result, polls, elapsed: t };
}

describe('waitForRestart()', () => {
  it('waitForRestart() is back after a failed poll then an OK one', async () => {
    const { result, polls } = await run([UP_OLD, DOWN, DOWN, UP_OLD]);
    assert.equal(result, 'back');
    assert.equal(polls, 4);
  });

  it('waitForRestart() is back on a new started_at without ever seeing a failure', async () => {
    const { result, polls } = await run([UP_OLD, UP_OLD, { ok: true, startedAt: NEW }]);
    assert.equal(result, 'back');
    assert.equal(polls, 3);
  });

  it('waitForRestart() is back after a failure when started_at is unknown', async () => {
    const unknown: HealthAnswer = { ok: true, startedAt: null };
    assert.equal((await run([unknown, DOWN, unknown], null)).result, 'back');
  });

  it('waitForRestart() times out after 60 s of the old server, polling once a second', async () => {
    const { result, polls, elapsed } = await run([UP_OLD]);
    assert.equal(result, 'timeout');
    assert.equal(polls, 60);
    assert.equal(elapsed, 60_000);
  });

  it('waitForRestart() times out when clauster never comes back', async () => {
    assert.equal((await run([DOWN])).result, 'timeout');
  });
});
