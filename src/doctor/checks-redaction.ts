/**
 * Doctor row `redaction`: which engine redactText() runs in this process, as the edge that
 * installed it reports (DoctorHost.redactor). Invariant: both engines redact alike (the native
 * one is installed only after it matched the JS engine on known answers), so the row only
 * ever warns about speed, never FAILs.
 */
import type { RedactorStatus } from '../security/redact.js';
import { type CheckContext, type CheckResult, okRow, warnRow } from './check.js';

const REBUILD =
  'run `npm rebuild` in the clauster directory (needs gcc and g++, make and python3), then restart clauster';

function fixFor(status: Extract<RedactorStatus, { engine: 'js' }>): string {
  switch (status.cause) {
    case 'refused':
      return `${REBUILD}; if it is refused again, report a clauster bug with this row (CLAUSTER_REDACTOR=js silences it)`;
    case 'not-loaded':
      return 'report a clauster bug: this process never loaded the redaction engine';
    default:
      return REBUILD;
  }
}

/** `redaction`: OK for the native engine or a JS engine chosen by CLAUSTER_REDACTOR=js. */
export async function checkRedactionRow(ctx: CheckContext): Promise<CheckResult> {
  const id = 'redaction';
  const status = ctx.host.redactor;
  if (status.engine === 'native') {
    const share = `it answered ${status.answered} of ${status.samples} self-check lines, the JS engine redacts the lines it declines`;
    return okRow(id, `native engine (${status.path}); ${share}`);
  }
  if (status.cause === 'forced') return okRow(id, `JS engine, ${status.reason}`);
  return warnRow(id, `JS engine (same output, slower): ${status.reason}`, fixFor(status));
}
