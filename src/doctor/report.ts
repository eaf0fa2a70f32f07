/**
 * Doctor output: a text table for people and a stable JSON shape for machines (docs/doctor.md).
 * Invariant: every detail and fix passes through the redactor on the way out.
 */
import { redactText } from '../security/redact.js';
import type { CheckResult } from './check.js';
import type { DoctorReport } from './run-checks.js';

/** The stable JSON shape: `{ok, checks:[{id, status, detail, fix}], generated_at}`. */
export interface DoctorJson {
  ok: boolean;
  checks: CheckResult[];
  generated_at: string;
}

function cleanLine(text: string): string {
  return redactText(text).replace(/[\r\n]+/g, ' ');
}

/** Builds the JSON document (redacted, keys in a fixed order). */
export function toDoctorJson(report: DoctorReport): DoctorJson {
  return {
    ok: report.ok,
    checks: report.checks.map((row) => ({
      id: row.id,
      status: row.status,
      detail: cleanLine(row.detail),
      fix: row.fix === null ? null : cleanLine(row.fix),
    })),
    generated_at: report.generated_at,
  };
}

/** Formats the table: ID, STATUS, DETAIL, a `fix:` line under each non-OK row, and a summary. */
export function formatDoctorTable(report: DoctorReport): string {
  const idWidth = Math.max(2, ...report.checks.map((row) => row.id.length));
  const statusWidth = 6;
  const indent = ' '.repeat(idWidth + 2 + statusWidth + 2);
  const lines = [`${'ID'.padEnd(idWidth)}  ${'STATUS'.padEnd(statusWidth)}  DETAIL`];
  for (const row of report.checks) {
    lines.push(
      `${row.id.padEnd(idWidth)}  ${row.status.padEnd(statusWidth)}  ${cleanLine(row.detail)}`,
    );
    if (row.status !== 'OK' && row.fix !== null) lines.push(`${indent}fix: ${cleanLine(row.fix)}`);
  }
  const count = (status: string) => report.checks.filter((row) => row.status === status).length;
  lines.push('', `${count('OK')} OK, ${count('WARN')} WARN, ${count('FAIL')} FAIL`);
  return `${lines.join('\n')}\n`;
}
