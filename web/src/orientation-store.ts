// Whether the getting-started card was dismissed in this browser. Only this flag is written
// to localStorage. The storage is passed in (reading `localStorage` itself can throw when the
// browser disables it): a storage that throws counts as "not dismissed", so the card shows.

/** The parts of Web Storage this module uses. */
export interface FlagStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const ORIENTATION_KEY = 'clauster.orientation.dismissed';

/** True when "Got it" was pressed in this browser. */
export function isOrientationDismissed(open: () => FlagStorage): boolean {
  try {
    return open().getItem(ORIENTATION_KEY) === '1';
  } catch {
    return false;
  }
}

/** Remembers (or forgets) the dismissal; without storage it lasts for this page only. */
export function setOrientationDismissed(dismissed: boolean, open: () => FlagStorage): void {
  try {
    if (dismissed) open().setItem(ORIENTATION_KEY, '1');
    else open().removeItem(ORIENTATION_KEY);
  } catch {
    // Private mode or storage switched off: the card's own state still applies on this page.
  }
}
