/** How `clauster config reconcile` prints its outcome (text or --json) and picks the exit code. */
import { formatProblem } from '../config/problems.js';
import type { DiffHunk } from '../config/reconcile-diff.js';
import type { ReconcileFileResult, ReconcileRefusal } from '../config/reconcile-file.js';
import { redactText } from '../security/redact.js';
import type { CliIo } from './io.js';

export interface ReconcileReport extends ReconcileFileResult {
  /** The config file as found (before symlinks are resolved into `target`). */
  source: string;
  dryRun: boolean;
}

// Config errors exit 2 like check-config; an operation refused for its own reasons exits 1.
const REFUSALS: Record<ReconcileRefusal, { code: number; why: string }> = {
  load: { code: 2, why: 'the file does not load' },
  refused: { code: 2, why: 'the config is already refused' },
  meaning: { code: 1, why: 'the reconciled config would load to different settings' },
  check: { code: 1, why: 'the reconciled config would not pass check-config' },
  owner: { code: 1, why: "the new file could not keep the file's owner" },
  changed: { code: 1, why: 'the file changed meanwhile' },
};

const FIXES: Partial<Record<ReconcileRefusal, string>> = {
  refused: '; fix that first (`clauster check-config` shows the same)',
  owner: "; run as the file's owner or as root",
  changed: '; run reconcile again',
};

/** Prints the report; returns 0, or the refusal's exit code (2 config error, 1 refused). */
export function printReconcile(report: ReconcileReport, json: boolean, io: CliIo): number {
  const refusal = report.refusal;
  const code = refusal === null ? 0 : REFUSALS[refusal.reason].code;
  if (report.warning !== undefined)
    io.stderr(`clauster config reconcile: warning: ${report.warning}\n`);
  if (json) {
    io.stdout(`${JSON.stringify(toJson(report), null, 2)}\n`);
    if (refusal !== null) printRefusal(report, refusal, io);
    return code;
  }
  if (report.changes.length === 0 && refusal === null) {
    io.stdout(`nothing to reconcile in ${report.source}\n`);
    return 0;
  }
  for (const change of report.changes) io.stdout(`${change.message}\n`);
  if (refusal !== null) {
    printRefusal(report, refusal, io);
    return code;
  }
  if (report.diff !== null) printDiff(report.source, report.diff, io);
  if (report.dryRun) io.stdout('dry run: nothing written\n');
  else io.stdout(`wrote ${report.target} (backup: ${report.backup ?? 'none'})\n`);
  return 0;
}

/** The human lines of a refusal on stderr: one `refused:` line per problem, why, and the fix. */
function printRefusal(
  report: ReconcileReport,
  refusal: NonNullable<ReconcileReport['refusal']>,
  io: CliIo,
): void {
  for (const problem of refusal.problems)
    io.stderr(`refused: ${redactText(formatProblem(problem))}\n`);
  const fix = FIXES[refusal.reason] ?? '';
  io.stderr(`clauster config reconcile: ${REFUSALS[refusal.reason].why}${fix}\n`);
  io.stderr(`clauster config reconcile: nothing written to ${report.target}\n`);
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
    ok: report.refusal === null,
    source: report.source,
    target: report.target,
    dry_run: report.dryRun,
    changes: report.changes.map(({ path, action, message }) => ({ path, action, message })),
    diff: report.diff,
    written: report.written,
    backup: report.backup,
    refusal: report.refusal?.reason ?? null,
    problems: (report.refusal?.problems ?? []).map((p) => ({
      path: p.path,
      expected: p.expected,
      found: redactText(p.found),
    })),
  };
}
