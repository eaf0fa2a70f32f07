// Re-reading the project list for changes made outside clauster (web/src/project-list-watch.ts),
// with a hand-driven timer and visibility: a read on entry, on becoming visible and every 20 s
// while visible; none while hidden, none after stop. Through createSerialReads (as the
// Projects view uses it) asks during a read in flight merge into one queued read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ListWatchDeps,
  PROJECT_LIST_POLL_MS,
  watchProjectList,
} from '../../web/src/project-list-watch.js';
import { createSerialReads } from '../../web/src/serial-reads.js';

/** A page whose clock only moves when `advance` is called. */
function fakePage(initiallyVisible = true) {
  let visible = initiallyVisible;
  let now = 0;
  let timers: { at: number; run: () => void }[] = [];
  const shown = new Set<() => void>();
  return {
    deps: {
      isVisible: () => visible,
      onVisible(listener) {
        shown.add(listener);
        return () => shown.delete(listener);
      },
      after(ms, run) {
        const timer = { at: now + ms, run };
        timers.push(timer);
        return () => {
          timers = timers.filter((t) => t !== timer);
        };
      },
    } satisfies ListWatchDeps,
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const next = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!next) break;
        timers = timers.filter((t) => t !== next);
        now = next.at;
        next.run();
      }
      now = until;
    },
    show() {
      visible = true;
      for (const listener of [...shown]) listener();
    },
    listeners: () => shown.size,
    pending: () => timers.length,
  };
}

/** A refresh that counts its calls; each settles only when `settle` is called. */
function countingRefresh() {
  const calls = { count: 0, open: [] as (() => void)[] };
  const refresh = () => {
    calls.count += 1;
    return new Promise<void>((resolve) => calls.open.push(resolve));
  };
  const settle = async () => {
    for (const resolve of calls.open.splice(0)) resolve();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { calls, refresh, settle };
}

describe('watchProjectList()', () => {
  it('watchProjectList() reads at once on entry, then every 20 s while visible', async () => {
    const page = fakePage();
    const { calls, refresh, settle } = countingRefresh();
    watchProjectList(refresh, page.deps);
    assert.equal(calls.count, 1);
    await settle();
    page.advance(PROJECT_LIST_POLL_MS - 1);
    assert.equal(calls.count, 1);
    page.advance(1);
    assert.equal(calls.count, 2);
    await settle();
    page.advance(PROJECT_LIST_POLL_MS);
    assert.equal(calls.count, 3);
  });

  it('watchProjectList() never polls while hidden, and reads when the tab is shown', async () => {
    const page = fakePage(false);
    const { calls, refresh, settle } = countingRefresh();
    watchProjectList(refresh, page.deps);
    page.advance(PROJECT_LIST_POLL_MS * 5);
    assert.equal(calls.count, 0);
    page.show();
    assert.equal(calls.count, 1);
    await settle();
    // The timer starts over from the read the tab's return caused.
    page.advance(PROJECT_LIST_POLL_MS - 1);
    assert.equal(calls.count, 1);
    page.advance(1);
    assert.equal(calls.count, 2);
  });

  it('watchProjectList() through serial reads: asks during a read make one more read', async () => {
    const page = fakePage();
    const { calls, refresh, settle } = countingRefresh();
    const reads = createSerialReads(
      async () => {
        await refresh();
        return () => {};
      },
      () => true,
    );
    // The shell's first read after login is under way when the view is entered.
    void reads.ask();
    watchProjectList(() => reads.ask(), page.deps);
    page.show();
    page.advance(PROJECT_LIST_POLL_MS);
    assert.equal(calls.count, 1, 'never two reads at once');
    await settle();
    assert.equal(calls.count, 2, 'the asks made meanwhile share one read');
    await settle();
    assert.equal(calls.count, 2);
  });

  it('watchProjectList() stops reading, and forgets its timer and listener, once stopped', () => {
    const page = fakePage();
    const { calls, refresh } = countingRefresh();
    const stop = watchProjectList(refresh, page.deps);
    assert.equal(calls.count, 1, 'the entry read');
    stop();
    page.advance(PROJECT_LIST_POLL_MS * 3);
    page.show();
    assert.equal(calls.count, 1);
    assert.equal(page.pending(), 0);
    assert.equal(page.listeners(), 0);
  });
});
