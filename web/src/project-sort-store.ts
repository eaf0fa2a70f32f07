// The projects view's remembered order: only this choice is written to localStorage.

import { type ProjectSort, parseProjectSort } from './project-sort.js';

const KEY = 'clauster.projects.sort';

/** The remembered order, or `name`. */
export function readProjectSort(): ProjectSort {
  try {
    return parseProjectSort(localStorage.getItem(KEY));
  } catch {
    return 'name';
  }
}

/** Remembers the order for this browser (storage may be disabled: then for this page only). */
export function saveProjectSort(sort: ProjectSort): void {
  try {
    if (sort === 'name') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, sort);
  } catch {
    // Private mode: the choice still applies until the page is left.
  }
}
