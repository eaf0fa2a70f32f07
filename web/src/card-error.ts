// When the action error shown on a project card is out of date. It stays until the operator
// acts again, unless newer news about the card arrives after it: its bridge changed (another
// bridge, or a new status), or the events socket was lost and came back (the snapshot after an
// outage: "Could not reach clauster" no longer holds, and the card shows fresh data).

import type { Connection } from './state.js';

/** What the card sees now: the connection and its bridge. */
export interface CardSeen {
  connection: Connection;
  bridge: { id: string; status: string } | null;
}

/** Kept while an error is shown: the bridge it was shown with, and whether the socket dropped. */
export interface ErrorMark {
  bridge: string;
  lostConnection: boolean;
}

function bridgeKey(seen: CardSeen): string {
  return seen.bridge ? `${seen.bridge.id}:${seen.bridge.status}` : '';
}

/** The mark of an error shown now. */
export function markError(seen: CardSeen): ErrorMark {
  return { bridge: bridgeKey(seen), lostConnection: seen.connection !== 'live' };
}

/** The mark after the card saw `seen`, or null when the error should be cleared. */
export function nextErrorMark(mark: ErrorMark, seen: CardSeen): ErrorMark | null {
  if (bridgeKey(seen) !== mark.bridge) return null;
  if (seen.connection !== 'live') return { ...mark, lostConnection: true };
  return mark.lostConnection ? null : mark;
}
