// createAutostartRetries(): a retry that follows a failed start (a project gone, untrusted, the
// bridge cap) is published and listed like the first, so the dashboard shows it and offers
// Stop retrying instead of retrying unseen; such a retry carries the refusal (redacted, on one
// line, bounded), one after a crash none.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAutostartRetries, REFUSAL_MAX } from '../../src/bridges/autostart-retries.js';
import type { Tracked } from '../../src/bridges/bridge-tracker.js';
import type { ClausterEvent } from '../../src/events/bus.js';
import { fail, ok, type Result } from '../../src/result.js';
import { waitFor } from '../support/fake-claude.js';

type Start = Parameters<typeof createAutostartRetries>[0];

// Retries over no bridges with a real clock, a first delay of `initialMs`, bus events pushed to
// `events` (when given) and `parts` replacing the defaults.
function makeRetries(
  start: Start,
  options: {
    initialMs: number;
    events?: ClausterEvent[];
    logger?: Parameters<typeof createAutostartRetries>[2]['logger'];
    parts?: Partial<Parameters<typeof createAutostartRetries>[1]>;
  },
) {
  const { initialMs, events, logger, parts } = options;
  return createAutostartRetries(
    start,
    {
      backoff: { initialMs, maxMs: 60_000, stableMs: 60_000 },
      isClosing: () => false,
      tracker: { all: () => [], findLive: () => null },
      changes: { note: () => undefined },
      ...parts,
    },
    {
      bus: { publish: (event) => events?.push(event) ?? 0 },
      clock: { now: () => Date.now() },
      ...(logger === undefined ? {} : { logger }),
    },
  );
}

describe('createAutostartRetries()', () => {
  it('publishes and lists the retry scheduled after a start that failed, with its refusal', async () => {
    const events: ClausterEvent[] = [];
    let starts = 0;
    // Colour and a line break (stripped, one line) and an id (masked), as the browser gets it.
    const detail = 'no such \x1b[1mproject\x1b[0m\n  (env env_016keiFKAyiYeESj7P8M7ZHc)';
    const retries = makeRetries(
      async () => {
        starts += 1;
        return fail('unknown-project', detail);
      },
      { initialMs: 20, events },
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
      // The first retry followed no start; the next one carries the refusal, redacted.
      const refused = { code: 'unknown-project', message: 'no such project (env env_<redacted>)' };
      assert.equal(shown[0]?.refused, null);
      assert.deepEqual(shown[2]?.refused, refused);
      assert.deepEqual(retries.pending()[0]?.refused, refused);
    } finally {
      retries.close();
    }
  });

  it('cuts a long refusal, and a retry after a crash carries none', async () => {
    const events: ClausterEvent[] = [];
    let starts = 0;
    const retries = makeRetries(
      async () => {
        starts += 1;
        return fail('untrusted', `project notes: ${'x'.repeat(2 * REFUSAL_MAX)}`);
      },
      { initialMs: 10, events },
    );
    try {
      retries.schedule('notes', null);
      await waitFor(() => starts >= 1 && retries.pending().length === 1, 5_000, 5);
      const message = retries.pending()[0]?.refused?.message ?? '';
      assert.equal(message.length, REFUSAL_MAX);
      assert.ok(message.startsWith('project notes: xxx') && message.endsWith('…'), message);
      // A bridge of the project ran 5 s and crashed: its record says why, the retry does not.
      retries.schedule('notes', 5_000);
      assert.equal(retries.pending()[0]?.refused, null);
      const last = events.at(-1);
      assert.ok(last?.type === 'autostart' && last.retry_at !== null);
      assert.equal(last.refused, null);
    } finally {
      retries.close();
    }
  });

  it('cancels by project a retry of a project that has no record, and audits it by project', async () => {
    const events: ClausterEvent[] = [];
    const audited: unknown[] = [];
    let live = false;
    const record = { id: 'br-aaaabbbbcccc', project: 'notes', status: 'running' };
    const retries = makeRetries(async () => ok(undefined), {
      initialMs: 60_000,
      events,
      parts: {
        tracker: {
          all: () => (live ? [{ record } as unknown as Tracked] : []),
          findLive: () => (live ? ({ record } as unknown as Tracked) : null),
        },
        changes: { note: (about, action, extra) => void audited.push({ about, action, extra }) },
      },
    });
    try {
      assert.deepEqual(retries.cancelForProject('notes', 'stop'), {
        outcome: 'none',
        newest: null,
      });
      retries.schedule('notes', null);
      live = true; // a live bridge of the project: its stop is the bridge's, never the retry's
      assert.equal(retries.cancelForProject('notes', 'stop').outcome, 'none');
      assert.equal(retries.pending().length, 1);
      live = false;
      assert.deepEqual(retries.cancelForProject('notes', 'stop'), {
        outcome: 'cancelled',
        newest: null,
      });
      assert.deepEqual(retries.pending(), []);
      // Noted about the project by name: it has no record to name.
      assert.deepEqual(audited, [
        { about: 'notes', action: 'bridge.autostart-cancelled', extra: { by: 'stop' } },
      ]);
      assert.deepEqual(events.at(-1), { type: 'autostart', project: 'notes', retry_at: null });
    } finally {
      retries.close();
    }
  });

  it('says an attempt is starting while its start runs, and cancels the retry that follows it', async () => {
    let finish: (result: Result<unknown>) => void = () => undefined;
    let starts = 0;
    const retries = makeRetries(
      () => {
        starts += 1;
        return new Promise<Result<unknown>>((resolve) => {
          finish = resolve;
        });
      },
      { initialMs: 10 },
    );
    try {
      retries.schedule('notes', null);
      await waitFor(() => starts === 1, 5_000, 5);
      assert.equal(retries.cancelForProject('notes', 'stop').outcome, 'starting');
      finish(fail('untrusted', 'not trusted'));
      await waitFor(() => retries.pending().length === 1, 5_000, 5);
      assert.equal(retries.cancelForProject('notes', 'stop').outcome, 'cancelled');
      assert.deepEqual(retries.pending(), []);
    } finally {
      retries.close();
    }
  });

  it('retries a start that throws, saying so, instead of ending the loop', async () => {
    const events: ClausterEvent[] = [];
    let starts = 0;
    const errors: string[] = [];
    const retries = makeRetries(
      async () => {
        starts += 1;
        throw new Error('a bug in start');
      },
      {
        initialMs: 10,
        events,
        logger: {
          debug: () => undefined,
          info: () => undefined,
          warn: () => undefined,
          error: (message) => void errors.push(message),
        },
      },
    );
    try {
      retries.schedule('notes', null);
      await waitFor(() => starts >= 1 && retries.pending().length === 1, 5_000, 5);
      assert.equal(retries.pending()[0]?.refused?.code, 'internal');
      assert.deepEqual(errors.slice(0, 1), ['autostart start threw']);
    } finally {
      retries.close();
    }
  });

  it('a cancel right after a refused start settles finds the next retry (no gap between them)', async () => {
    let seen = '';
    let starts = 0;
    const retries = makeRetries(
      () => {
        starts += 1;
        const refused = Promise.resolve(fail('untrusted', 'not trusted'));
        // Registered after the retries' own handler: it runs as soon as that one has.
        queueMicrotask(() => {
          void refused.then(() => {
            seen ||= retries.cancelForProject('notes', 'stop').outcome;
          });
        });
        return refused;
      },
      { initialMs: 10 },
    );
    try {
      retries.schedule('notes', null);
      await waitFor(() => starts === 1 && seen !== '', 5_000, 5);
      assert.equal(seen, 'cancelled');
      assert.deepEqual(retries.pending(), []);
    } finally {
      retries.close();
    }
  });
});
