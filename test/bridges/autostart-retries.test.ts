// createAutostartRetries(): a retry that follows a failed start (a project gone, untrusted, the
// bridge cap) is published and listed like the first, so the dashboard shows it and offers
// Stop retrying instead of retrying unseen.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAutostartRetries } from '../../src/bridges/autostart-retries.js';
import type { ClausterEvent } from '../../src/events/bus.js';
import { fail } from '../../src/result.js';
import { waitFor } from '../support/fake-claude.js';

describe('createAutostartRetries()', () => {
  it('publishes and lists the retry scheduled after a start that failed', async () => {
    const events: ClausterEvent[] = [];
    let starts = 0;
    const retries = createAutostartRetries(
      async () => {
        starts += 1;
        return fail('unknown-project', 'no such project');
      },
      {
        backoff: { initialMs: 20, maxMs: 60_000, stableMs: 60_000 },
        isClosing: () => false,
        tracker: { all: () => [] },
        changes: { note: () => undefined },
      },
      { bus: { publish: (event) => events.push(event) }, clock: { now: () => Date.now() } },
    );
    try {
      retries.schedule('gone', null);
      // The first retry fires, its start fails, and the next one (attempt 2) is scheduled.
      await waitFor(() => starts >= 1 && retries.pending().length === 1, 5_000, 5);
      const shown = events.flatMap((e) => (e.type === 'autostart' ? [e] : []));
      assert.deepEqual(
        shown
          .slice(0, 3)
          .map((e) => [e.retry_at === null ? 'cleared' : 'pending', e.attempt ?? null]),
        [
          ['pending', 1],
          ['cleared', null],
          ['pending', 2],
        ],
      );
      // Later cycles may have run meanwhile on a slow machine: still listed, attempt 2 or more.
      assert.ok((retries.pending()[0]?.attempt ?? 0) >= 2);
    } finally {
      retries.close();
    }
  });
});
