/** Text tables for `clauster projects` and `clauster status` (JSON output is the API shape). */
import { type Bridge, liveConnectUrl } from '../bridges/record.js';
import type { BridgeResources } from '../bridges/resource-usage.js';
import { isConnectUrl } from '../bridges/url.js';
import type { ProjectView } from '../projects/project-view.js';
import { redactText } from '../security/redact.js';

// A recorded URL is printed only when it is exactly a connect URL: bridges.json can be edited
// by hand, and a table cell must never carry escape sequences to the terminal.
function shownUrl(url: string): string {
  return isConnectUrl(url) ? url : '(not a connect URL)';
}

function urlCell(url: string | null | undefined): string {
  return url === null || url === undefined ? '-' : shownUrl(url);
}

// An ended or gone bridge's URL leads nowhere: its reason instead.
function urlOrReason(b: Parameters<typeof liveConnectUrl>[0] & { reason: string | null }): string {
  const url = liveConnectUrl(b);
  if (url !== null) return shownUrl(url);
  return b.reason === null ? '-' : redactText(b.reason);
}

function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** One row per project: name, trust, git, bridge status and URL. */
export function formatProjectsTable(projects: readonly ProjectView[]): string {
  if (projects.length === 0) return 'no projects under projects_root\n';
  return formatTable(
    ['NAME', 'TRUSTED', 'GIT', 'BRIDGE', 'URL'],
    projects.map((p) => [
      p.name,
      p.trusted ? 'yes' : `no (${p.trust_reason})`,
      p.git ? 'yes' : 'no',
      p.external_bridge
        ? `outside clauster (pid ${p.external_bridge.pid})`
        : (p.bridge?.status ?? '-'),
      urlCell(p.bridge ? liveConnectUrl(p.bridge) : null),
    ]),
  );
}

type BridgeRow = Bridge & { alive?: boolean; resources?: BridgeResources | null };

/**
 * "84.2 MB": decimal units, like the dashboard. The same function is in web/src/format.ts:
 * the dashboard bundle cannot import src/ (web/tsconfig.json has no Node types).
 */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const shown = unit === 0 || value >= 100 ? Math.round(value) : value.toFixed(1);
  return `${shown} ${units[unit]}`;
}

function formatDisk(resources: BridgeResources | null | undefined): string {
  const read = resources?.disk_read_bytes;
  const written = resources?.disk_write_bytes;
  if (read === null || read === undefined || written === null || written === undefined) return '-';
  return `r ${formatBytes(read)} / w ${formatBytes(written)}`;
}

function formatCpu(resources: BridgeResources | null | undefined): string {
  const cpu = resources?.cpu_percent;
  return cpu === null || cpu === undefined ? '-' : `${cpu.toFixed(1)}%`;
}

/** One row per bridge; `alive` marks records whose process is (not) still there. */
export function formatBridgesTable(bridges: readonly BridgeRow[]): string {
  if (bridges.length === 0) return 'no bridges recorded\n';
  // CPU and memory columns only when some bridge was measured (metrics.enabled, alive);
  // DISK only when some /proc/<pid>/io was readable too.
  const measured = bridges.some((b) => b.resources);
  const disk = bridges.some((b) => formatDisk(b.resources) !== '-');
  return formatTable(
    [
      'ID',
      'PROJECT',
      'STATUS',
      'PID',
      ...(measured ? ['CPU', 'MEM'] : []),
      ...(disk ? ['DISK'] : []),
      'STARTED',
      'URL / REASON',
    ],
    bridges.map((b) => [
      b.id,
      b.project,
      b.alive === false && ['starting', 'running', 'error'].includes(b.status)
        ? `${b.status} (gone)`
        : b.status,
      b.pid === null ? '-' : String(b.pid),
      ...(measured
        ? [formatCpu(b.resources), b.resources ? formatBytes(b.resources.rss_bytes) : '-']
        : []),
      ...(disk ? [formatDisk(b.resources)] : []),
      b.started_at,
      urlOrReason(b),
    ]),
  );
}
