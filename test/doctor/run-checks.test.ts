import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckContext } from '../../src/doctor/check.js';
import { runChecks } from '../../src/doctor/run-checks.js';
import { makeCheckContext } from '../support/doctor-context.js';

const base = makeCheckContext({ home: '/nonexistent-home', raw: null });
const context = { input: base.input, host: base.host, timeoutMs: 200 };

describe('runChecks()', () => {
  it('runChecks() keeps the order and is ok without FAIL rows', async () => {
    const report = await runChecks(
      [
        {
          id: 'b',
          severity: 'WARN',
          run: async () => ({ id: 'b', status: 'WARN', detail: 'w', fix: 'f' }),
        },
        {
          id: 'a',
          severity: 'FAIL',
          run: async () => ({ id: 'a', status: 'OK', detail: 'ok', fix: null }),
        },
      ],
      context,
      base.deps,
    );
    assert.deepEqual(
      report.checks.map((row) => row.id),
      ['b', 'a'],
    );
    assert.equal(report.ok, true);
    assert.match(report.generated_at, /^\d{4}-\d\d-\d\dT/);
  });

  it('runChecks() turns a hang into a row of the check severity and aborts its signal', async () => {
    let seen: AbortSignal | undefined;
    const hang = (ctx: CheckContext) => {
      seen = ctx.signal;
      return new Promise<never>(() => {});
    };
    const report = await runChecks(
      [
        { id: 'slow-warn', severity: 'WARN', run: hang },
        { id: 'slow-fail', severity: 'FAIL', run: hang },
      ],
      context,
      base.deps,
    );
    assert.deepEqual(
      report.checks.map((row) => row.status),
      ['WARN', 'FAIL'],
    );
    assert.match(report.checks[0]?.detail ?? '', /did not finish within 0\.2 s/);
    assert.equal(seen?.aborted, true);
    assert.equal(report.ok, false);
  });

  it('runChecks() turns a thrown error into a redacted row', async () => {
    const report = await runChecks(
      [
        {
          id: 'boom',
          severity: 'FAIL',
          run: async () => {
            throw new Error('broke on env_01Fakexxxxxxxxxxxxxxxxx');
          },
        },
      ],
      context,
      base.deps,
    );
    assert.equal(report.checks[0]?.status, 'FAIL');
    assert.match(report.checks[0]?.detail ?? '', /check failed/);
    assert.equal(report.checks[0]?.detail.includes('env_01Fake'), false);
  });
});
