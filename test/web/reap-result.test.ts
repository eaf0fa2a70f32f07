// The line under a reaped environment (web/src/reap-result.ts): the outcome as a word, and the
// server's detail only when it adds something (never "archived: archived").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReapResult } from '../../web/src/contract.js';
import { describeReapResult } from '../../web/src/reap-result.js';

const CASES: [ReapResult['outcome'], string, string][] = [
  ['archived', 'archived', 'Archived.'],
  ['deleted', 'deleted', 'Deleted.'],
  ['archived', '', 'Archived.'],
  ['skipped', 'already archived', 'Skipped — already archived.'],
  ['skipped', 'the API says it is already gone', 'Skipped — the API says it is already gone.'],
  ['failed', 'environments API answered 500.', 'Failed — environments API answered 500.'],
];

describe('describeReapResult()', () => {
  for (const [outcome, detail, expected] of CASES) {
    it(`describeReapResult() shows ${outcome} with detail ${JSON.stringify(detail)} as "${expected}"`, () => {
      assert.equal(describeReapResult({ outcome, detail }), expected);
    });
  }
});
