/** How `clauster reap-environments` prints ghosts and results (text and --json). */
import type { Ghost } from '../reaper/ghosts.js';
import type { GhostScan, ReapReport } from '../reaper/reap.js';
import { stripControls } from '../security/control-strip.js';

/** API-supplied text made safe for a terminal: no controls, escapes or line breaks. */
function showText(text: string | null): string {
  if (text === null) return '-';
  return stripControls(text).text.replace(/[\t\r\n]+/g, ' ');
}

function formatGhost(ghost: Ghost): string {
  return [
    `${showText(ghost.id)}  ${showText(ghost.directory)}`,
    `  name: ${showText(ghost.name)}   last activity: ${showText(ghost.last_activity)}${ghost.archived ? '   (archived)' : ''}`,
    `  why: ${showText(ghost.reason)}`,
  ].join('\n');
}

/** The dry-run listing. */
export function formatScan(scan: GhostScan, dryRun: boolean): string {
  const lines = scan.warnings.map((w) => `warning: ${showText(w)}`);
  const suffix = dryRun ? ' (dry run: nothing was changed)' : '';
  lines.push(`${scan.ghosts.length} ghost environment(s) among ${scan.listed} listed${suffix}`);
  for (const ghost of scan.ghosts) lines.push(formatGhost(ghost));
  if (dryRun && scan.ghosts.length > 0) {
    lines.push(
      '',
      'Run with --archive to archive them (reversible), or --force-delete to delete them.',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** One line per acted-on id, then a summary. */
export function formatReport(report: ReapReport): string {
  const lines = report.warnings.map((w) => `warning: ${showText(w)}`);
  for (const result of report.results) {
    lines.push(`${result.outcome.padEnd(8)}  ${showText(result.id)}  ${showText(result.detail)}`);
  }
  const count = (outcome: string) => report.results.filter((r) => r.outcome === outcome).length;
  lines.push(
    `${count('archived')} archived, ${count('deleted')} deleted, ${count('skipped')} skipped, ${count('failed')} failed`,
  );
  return `${lines.join('\n')}\n`;
}

/** The --json document of a dry run. */
export function scanToJson(scan: GhostScan): Record<string, unknown> {
  return {
    ok: true,
    action: 'dry-run',
    listed: scan.listed,
    ghosts: scan.ghosts,
    warnings: scan.warnings,
  };
}

/** The --json document of an archive or delete run. */
export function reportToJson(action: string, report: ReapReport): Record<string, unknown> {
  return { ok: !report.failed, action, results: report.results, warnings: report.warnings };
}
