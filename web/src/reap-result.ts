// The line shown under a leftover environment after Archive or Delete. The server's detail
// repeats the outcome when it worked ("archived"), and explains it otherwise ("already
// archived"): show the outcome as a word, and the detail only when it adds something.

import type { ReapResult } from './contract.js';

const OUTCOME_WORD: Record<ReapResult['outcome'], string> = {
  archived: 'Archived',
  deleted: 'Deleted',
  skipped: 'Skipped',
  failed: 'Failed',
};

/** "Archived.", "Skipped — already archived.", "Failed — <why>." */
export function describeReapResult(result: Pick<ReapResult, 'outcome' | 'detail'>): string {
  const word = OUTCOME_WORD[result.outcome] ?? result.outcome;
  const detail = result.detail.trim().replace(/\.$/, '');
  if (detail === '' || detail.toLowerCase() === result.outcome) return `${word}.`;
  return `${word} — ${detail}.`;
}
