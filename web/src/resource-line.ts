// The muted resource line of a live bridge on its card and page; the words come from
// resource-view.ts, the numbers from bridge-resources events.

import type { Bridge } from './contract.js';
import { h, setText } from './dom.js';
import { resourceLineView } from './resource-view.js';
import { state } from './state.js';

/** An empty, hidden line to place in a card; fill it with `renderResourceLine`. */
export function createResourceLine(): HTMLElement {
  return h('p', { class: 'resource-line', attrs: { hidden: true } });
}

/** Shows the latest numbers of `bridge` (hidden when there are none). */
export function renderResourceLine(node: HTMLElement, bridge: Bridge | null): void {
  const resources = bridge ? state.resources.get(bridge.id) : undefined;
  const { text, title } = resourceLineView(bridge, resources, state.metrics);
  node.hidden = text === '';
  setText(node, text);
  if (text !== '' && node.title !== title) node.title = title;
}
