/** Text tables for `clauster projects` and `clauster status` (JSON output is the API shape). */
import type { Bridge } from '../bridges/record.js';
import type { ProjectView } from '../projects/project-view.js';
import { redactText } from '../security/redact.js';

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
      p.bridge?.url ?? '-',
    ]),
  );
}

/** One row per bridge; `alive` marks records whose process is (not) still there. */
export function formatBridgesTable(bridges: readonly (Bridge & { alive?: boolean })[]): string {
  if (bridges.length === 0) return 'no bridges recorded\n';
  return formatTable(
    ['ID', 'PROJECT', 'STATUS', 'PID', 'STARTED', 'URL / REASON'],
    bridges.map((b) => [
      b.id,
      b.project,
      b.alive === false && ['starting', 'running', 'error'].includes(b.status)
        ? `${b.status} (gone)`
        : b.status,
      b.pid === null ? '-' : String(b.pid),
      b.started_at,
      b.url ?? (b.reason === null ? '-' : redactText(b.reason)),
    ]),
  );
}
