/** How `clauster config reconcile` prints its outcome (text or --json) and picks the exit code. */
import { type ConfigProblem, formatProblem } from '../config/problems.js';
import type { ReconcileChange } from '../config/reconcile.js';
import type { DiffHunk } from '../config/reconcile-diff.js';
import { redactText } from '../security/redact.js';
import type { CliIo } from './io.js';

export interface ReconcileReport {
  source: string;
  dryRun: boolean;
  changes: ReconcileChange[];
  written: boolean;
  backup: string | null;
  /** Set when reconcile refused: the file would not load, or the result fails the check. */
  problems?: ConfigProblem[];
  /** The changed lines (dry run only), values masked. */
  diff?: DiffHunk[];
}

/** Prints the report; returns 0, or 1 when it carries problems. */
export function printReconcile(report: ReconcileReport, json: boolean, io: CliIo): number {
  const refused = report.problems !== undefined;
  if (json) {
    io.stdout(`${JSON.stringify(toJson(report), null, 2)}\n`);
    return refused ? 1 : 0;
  }
  if (report.changes.length === 0 && !refused) {
    io.stdout(`nothing to reconcile in ${report.source}\n`);
    return 0;
  }
  for (const change of report.changes) io.stdout(`${change.message}\n`);
  if (report.problems !== undefined) {
    for (const problem of report.problems) io.stderr(`refused: ${formatProblem(problem)}\n`);
    const why =
      report.changes.length === 0
        ? 'the file does not load'
        : 'the reconciled config would not pass check-config';
    io.stderr(`clauster config reconcile: ${why}; nothing written to ${report.source}\n`);
    return 1;
  }
  if (report.diff !== undefined) printDiff(report.source, report.diff, io);
  if (report.dryRun) io.stdout('dry run: nothing written\n');
  else io.stdout(`wrote ${report.source} (backup: ${report.backup ?? 'none'})\n`);
  return 0;
}

function printDiff(source: string, hunks: readonly DiffHunk[], io: CliIo): void {
  const lines = [`--- ${source}`, `+++ ${source} (reconciled)`];
  for (const hunk of hunks) {
    lines.push(`@@ line ${hunk.line} @@`);
    for (const line of hunk.removed) lines.push(`-${line}`);
    for (const line of hunk.added) lines.push(`+${line}`);
  }
  io.stdout(`${lines.join('\n')}\n`);
}

function toJson(report: ReconcileReport): Record<string, unknown> {
  return {
    ok: report.problems === undefined,
    source: report.source,
    dry_run: report.dryRun,
    changes: report.changes.map(({ path, action, message }) => ({ path, action, message })),
    diff: report.diff ?? null,
    written: report.written,
    backup: report.backup,
    problems: (report.problems ?? []).map((p) => ({
      path: p.path,
      expected: p.expected,
      found: redactText(p.found),
    })),
  };
}
