// Whether the getting-started card was dismissed in this browser. Only this flag is written
// to localStorage. The storage is passed in (reading `localStorage` itself can throw when the
// browser disables it): a storage that throws counts as "not dismissed", so the card shows.

import { type FlagStorage, readStoredValue, writeStoredValue } from './stored-value.js';

export type { FlagStorage };

export const ORIENTATION_KEY = 'clauster.orientation.dismissed';

/** True when "Got it" was pressed in this browser. */
export function isOrientationDismissed(open: () => FlagStorage): boolean {
  return readStoredValue(ORIENTATION_KEY, open) === '1';
}

/** Remembers (or forgets) the dismissal; without storage it lasts for this page only. */
export function setOrientationDismissed(dismissed: boolean, open: () => FlagStorage): void {
  writeStoredValue(ORIENTATION_KEY, dismissed ? '1' : null, open);
}
