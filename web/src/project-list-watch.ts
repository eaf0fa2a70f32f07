// Keeps the project list fresh while it is shown. Changes made through clauster arrive at once
// over /ws/events (projects-changed), but the server does not watch projects_root or
// ~/.claude.json: a folder made by hand or trust withdrawn in a terminal shows only when the
// list is asked for again (GET /api/projects reads both afresh on every request; nothing is
// cached). So the list is re-read when the view is entered, when the tab becomes visible
// again, and on a timer while the tab is visible.

/**
 * 20 s: an outside change shows within 20 s, and each read is one directory listing plus one
 * ~/.claude.json read on the server per visible tab, which is negligible; hidden tabs never
 * poll, and they re-read the moment they are shown again.
 */
export const PROJECT_LIST_POLL_MS = 20_000;

export interface ListWatchDeps {
  isVisible(): boolean;
  /** Calls `listener` each time the tab becomes visible; returns the unsubscribe function. */
  onVisible(listener: () => void): () => void;
  /** Calls `run` once after `ms`; returns the cancel function. */
  after(ms: number, run: () => void): () => void;
}

/**
 * Re-reads the list through `refresh` now, whenever the tab becomes visible, and every
 * PROJECT_LIST_POLL_MS while it is visible. `refresh` serialises the reads (one at a time,
 * extra asks merged into one queued read; web/src/serial-reads.ts). Returns the stop function.
 */
export function watchProjectList(refresh: () => Promise<void>, deps: ListWatchDeps): () => void {
  let stopped = false;
  let cancelTimer = () => {};
  const schedule = () => {
    cancelTimer();
    cancelTimer = deps.after(PROJECT_LIST_POLL_MS, () => {
      if (deps.isVisible()) reread();
      else schedule();
    });
  };
  const reread = () => {
    if (stopped) return;
    schedule();
    // `refresh` reports its own failures (the view shows them).
    void refresh().catch(() => undefined);
  };
  const unsubscribe = deps.onVisible(reread);
  if (deps.isVisible()) reread();
  else schedule();
  return () => {
    stopped = true;
    cancelTimer();
    unsubscribe();
  };
}
