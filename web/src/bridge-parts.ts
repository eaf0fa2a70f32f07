// The bridge page's static parts: its Details list and the page of a bridge that is gone.

import type { Bridge } from './contract.js';
import { h, replaceChildren } from './dom.js';
import { formatDateTime } from './format.js';
import { icon } from './icons.js';
import { describeMode, PERMISSION_LABEL, SPAWN_LABEL } from './labels.js';

/** The page of a bridge that no longer exists: one sentence and the way back. */
export function renderGone(title: HTMLElement): HTMLElement[] {
  return [
    h('div', { class: 'view-head' }, title),
    h('p', {
      class: 'banner banner-note',
      attrs: { role: 'alert' },
      text: 'This bridge no longer exists: it was forgotten, or the link is out of date.',
    }),
    h('p', {}, h('a', { class: 'btn', attrs: { href: '#/' } }, icon('back'), 'Back to Projects')),
  ];
}

/** Fills the Details list of `bridge`; returns its uptime cell (updated every second). */
export function renderFacts(node: HTMLElement, bridge: Bridge): HTMLElement {
  const uptime = h('dd', { class: 'mono' });
  const rows: [string, Node | string][] = [
    [bridge.stopped_at ? 'Ran for' : 'Uptime', uptime],
    ['Started', formatDateTime(bridge.started_at)],
  ];
  if (bridge.stopped_at) rows.push(['Stopped', formatDateTime(bridge.stopped_at)]);
  rows.push(
    ['Permission mode', describeMode(PERMISSION_LABEL, bridge.permission_mode)],
    ['Sessions', describeMode(SPAWN_LABEL, bridge.spawn_mode)],
  );
  if (bridge.capacity !== null) rows.push(['Sessions at once', String(bridge.capacity)]);
  if (bridge.name) rows.push(['Name', bridge.name]);
  if (bridge.pid !== null) rows.push(['Process id', String(bridge.pid)]);
  if (bridge.adopted) rows.push(['Origin', 'Started outside clauster, adopted']);
  rows.push(['Bridge id', bridge.id]);
  replaceChildren(node);
  for (const [label, value] of rows) {
    node.append(
      h('dt', { text: label }),
      value instanceof HTMLElement && value.tagName === 'DD' ? value : h('dd', {}, value),
    );
  }
  return uptime;
}
