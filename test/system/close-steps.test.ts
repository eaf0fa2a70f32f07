import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCloseSteps } from '../../src/system/close-steps.js';

describe('runCloseSteps()', () => {
  it('runCloseSteps() runs every step in order, awaiting each', async () => {
    const ran: string[] = [];
    await runCloseSteps([
      async () => {
        await new Promise((resolve) => setImmediate(resolve));
        ran.push('services');
      },
      () => ran.push('sockets'),
      () => undefined,
      () => ran.push('lock'),
    ]);
    assert.deepEqual(ran, ['services', 'sockets', 'lock']);
  });

  it('runCloseSteps() runs the later steps after a failure, then throws it', async () => {
    const ran: string[] = [];
    const stuck = new Error('supervisor stuck');
    await assert.rejects(
      runCloseSteps([
        async () => {
          throw stuck;
        },
        () => ran.push('listeners'),
        () => ran.push('lock'),
      ]),
      (error) => error === stuck,
    );
    assert.deepEqual(ran, ['listeners', 'lock']);
  });

  it('runCloseSteps() throws several failures as one AggregateError naming each', async () => {
    const ran: string[] = [];
    await assert.rejects(
      runCloseSteps([
        () => {
          throw new Error('webhooks');
        },
        () => ran.push('middle'),
        () => Promise.reject('lock file gone'),
      ]),
      (error) => {
        assert.ok(error instanceof AggregateError);
        assert.equal(error.errors.length, 2);
        assert.equal(error.message, '2 close steps failed: webhooks; lock file gone');
        return true;
      },
    );
    assert.deepEqual(ran, ['middle']);
  });
});
