// The projects view's remembered order: only this choice is written to localStorage.

import { type ProjectSort, parseProjectSort } from './project-sort.js';
import { readStoredValue, writeStoredValue } from './stored-value.js';

const KEY = 'clauster.projects.sort';

/** The remembered order, or `name`. */
export function readProjectSort(): ProjectSort {
  return parseProjectSort(readStoredValue(KEY));
}

/** Remembers the order for this browser (storage may be disabled: then for this page only). */
export function saveProjectSort(sort: ProjectSort): void {
  writeStoredValue(KEY, sort === 'name' ? null : sort);
}
