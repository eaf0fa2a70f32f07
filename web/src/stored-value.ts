// One remembered choice in this browser's localStorage, guarded: where the browser blocks
// storage (disabled, some private modes) even reading `localStorage` throws, so the lookup
// happens inside the try. A read that fails gives null; a write that fails is dropped, and
// the choice then lasts for this page only.

/** The parts of Web Storage a stored value uses. */
export interface FlagStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * This browser's localStorage, looked up only when called (through globalThis: the unit tests
 * type-check this file without the DOM types; where it is missing, the read throws, guarded).
 */
export const browserStorage = (): FlagStorage =>
  (globalThis as unknown as { localStorage: FlagStorage }).localStorage;

/** The value stored under `key`: null when there is none or storage fails. */
export function readStoredValue(
  key: string,
  open: () => FlagStorage = browserStorage,
): string | null {
  try {
    return open().getItem(key);
  } catch {
    return null;
  }
}

/** Stores `value` under `key` (null removes it); never throws. */
export function writeStoredValue(
  key: string,
  value: string | null,
  open: () => FlagStorage = browserStorage,
): void {
  try {
    if (value === null) open().removeItem(key);
    else open().setItem(key, value);
  } catch {
    // Storage is disabled or full: the choice still applies until the page is left.
  }
}
