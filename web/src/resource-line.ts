// The muted resource line of a live bridge: "CPU 3.1 % · 84 MB · disk r 1.2 MB / w 310 kB".
// The numbers come from bridge-resources events; the line is hidden when the server has
// metrics off, the bridge is not live, or it has not been sampled yet.

import type { Bridge, BridgeResources, MetricsDisplay } from './contract.js';
import { isLive } from './contract.js';
import { h } from './dom.js';
import { formatBytes } from './format.js';
import { state } from './state.js';

/** The text of a resource line. */
export function describeResources(resources: BridgeResources, display: MetricsDisplay): string {
  const cpu = resources.cpu_percent === null ? '…' : resources.cpu_percent.toFixed(1);
  const parts = [`CPU ${cpu} %`, formatBytes(resources.rss_bytes)];
  const { disk_read_bytes: read, disk_write_bytes: written } = resources;
  if (display.show_disk && read !== null && written !== null) {
    parts.push(`disk r ${formatBytes(read)} / w ${formatBytes(written)}`);
  }
  return parts.join(' · ');
}

/** An empty, hidden line to place in a card; fill it with `renderResourceLine`. */
export function createResourceLine(): HTMLElement {
  return h('p', { class: 'resource-line', attrs: { hidden: true } });
}

/** Shows the latest numbers of `bridge` (hidden when there are none). */
export function renderResourceLine(node: HTMLElement, bridge: Bridge | null): void {
  const display = state.metrics;
  const resources = display && bridge && isLive(bridge) ? state.resources.get(bridge.id) : null;
  const text = display && resources ? describeResources(resources, display) : '';
  node.hidden = text === '';
  if (node.textContent !== text) node.textContent = text;
  const title = display?.normalize_cpu
    ? 'CPU: percent of all cores · memory: resident (RSS) · disk: bytes read and written'
    : 'CPU: percent of one core · memory: resident (RSS) · disk: bytes read and written';
  if (text !== '' && node.title !== title) node.title = title;
}
