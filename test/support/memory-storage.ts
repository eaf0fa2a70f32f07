// Web Storage stand-ins for the dashboard's remembered choices (web/src/stored-value.ts): one
// kept in memory, and one that throws as a browser with storage disabled or full does.
import type { FlagStorage } from '../../web/src/stored-value.js';

/** A storage kept in a Map (`data`, to look at what was written). */
export function memoryStorage(): FlagStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

/** A storage whose every call throws (disabled storage; a full one on write). */
export const THROWING_STORAGE: FlagStorage = {
  getItem: () => {
    throw new Error('SecurityError: storage is disabled');
  },
  setItem: () => {
    throw new Error('QuotaExceededError');
  },
  removeItem: () => {
    throw new Error('SecurityError: storage is disabled');
  },
};
