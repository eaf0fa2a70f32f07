// What a live bridge's resource line says: "CPU 3.1 % · 84 MB · disk r 1.2 MB / w 310 kB",
// and its tooltip. No DOM here, so test/ can import it under Node (resource-line.ts shows it).

import type { Bridge, BridgeResources, MetricsDisplay } from './contract.js';
import { isLive } from './contract.js';
import { formatBytes } from './format.js';

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

/**
 * The line of `bridge`: empty text (the line is hidden) when the server has metrics off, the
 * bridge is not live, or it has not been sampled yet.
 */
export function resourceLineView(
  bridge: Bridge | null,
  resources: BridgeResources | undefined,
  display: MetricsDisplay | null,
): { text: string; title: string } {
  const text =
    display && resources && bridge && isLive(bridge) ? describeResources(resources, display) : '';
  const title = display?.normalize_cpu
    ? 'CPU: percent of all cores · memory: resident (RSS) · disk: bytes read and written'
    : 'CPU: percent of one core · memory: resident (RSS) · disk: bytes read and written';
  return { text, title };
}
