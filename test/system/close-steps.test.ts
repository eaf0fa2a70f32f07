import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { abandonStart, runCloseSteps } from '../../src/system/close-steps.js';
import { createLogger } from '../../src/system/logger.js';
import { buildFakeSecrets } from '../support/fake-secrets.js';

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

describe('abandonStart()', () => {
  it('abandonStart() runs every step, logs a failed stop redacted, and throws the start error', async () => {
    const ran: string[] = [];
    const lines: string[] = [];
    const logger = createLogger({ format: 'text', level: 'info', write: (l) => lines.push(l) });
    const secret = buildFakeSecrets()[1];
    assert.ok(secret);
    const bindError = Object.assign(new Error('listen EADDRINUSE: 127.0.0.1:7621'), {
      code: 'EADDRINUSE',
    });
    const steps = [
      async () => {
        throw new Error(`supervisor stuck on ${secret.text}`);
      },
      () => ran.push('listeners'),
      () => ran.push('lock'),
    ];
    await assert.rejects(
      abandonStart(bindError, steps, { logger }),
      (error) => error === bindError,
    );
    assert.deepEqual(ran, ['listeners', 'lock']);
    assert.equal(lines.length, 1);
    assert.match(
      lines[0] ?? '',
      /ERROR start failed, and undoing it failed too .*supervisor stuck/,
    );
    assert.ok(!lines[0]?.includes(secret.hidden), 'the stop failure is redacted');
  });

  it('abandonStart() logs nothing when every step succeeds', async () => {
    const lines: string[] = [];
    const logger = createLogger({ format: 'text', level: 'info', write: (l) => lines.push(l) });
    const failure = new Error('recover failed');
    await assert.rejects(
      abandonStart(failure, [() => undefined], { logger }),
      (e) => e === failure,
    );
    assert.deepEqual(lines, []);
  });
});
