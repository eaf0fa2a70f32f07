// The status badge (a dot and a label) shared by the project cards, the bridge page and the
// help panel's list of statuses, so all three look alike.

import { h, replaceChildren } from './dom.js';
import { STATUS_LABEL } from './format.js';

/** Fills `node` as the badge of a status key: a bridge status, or `none` ("Not running"). */
export function renderStatus(node: HTMLElement, key: string): void {
  node.className = `status status-${key}`;
  node.dataset.status = key;
  replaceChildren(
    node,
    h('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } }),
    STATUS_LABEL[key] ?? key,
  );
}
