// Which of a project's bridge records is "the project's bridge": the one its card shows and
// links to, and the one whose page shows its pending autostart retry (autostart-retry.ts). One
// rule for both, so they never disagree. Pure: no DOM, no state.

import type { Bridge } from './contract.js';
import { isLive } from './contract.js';

/**
 * `project`'s live bridge, else its most recently started one; null when it has none. A tie
 * goes to the later one in `bridges`, as the server picks its newest record (record-history.ts),
 * whose Forget also cancels the retry.
 */
export function pickProjectBridge(bridges: Iterable<Bridge>, project: string): Bridge | null {
  let best: Bridge | null = null;
  for (const bridge of bridges) {
    if (bridge.project !== project) continue;
    if (!best || rank(bridge) >= rank(best)) best = bridge;
  }
  return best;
}

function rank(bridge: Bridge): number {
  const started = Date.parse(bridge.started_at) || 0;
  return (isLive(bridge) ? 1e15 : 0) + started;
}
