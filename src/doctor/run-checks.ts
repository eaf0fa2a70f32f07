/**
 * Runs doctor checks concurrently, each under its own deadline. Invariant: the doctor always
 * finishes — a check that hangs past its timeout or throws becomes a row of its severity, and
 * its AbortSignal fires so whatever it spawned is killed.
 */
import { redactText } from '../security/redact.js';
import type { Deps } from '../system/ports.js';
import type { CheckResult, DoctorCheck, DoctorHost, DoctorInput } from './check.js';

export const DEFAULT_CHECK_TIMEOUT_MS = 10_000;

export interface DoctorReport {
  /** False when any row is FAIL. */
  ok: boolean;
  checks: CheckResult[];
  /** ISO-8601 time the report was made. */
  generated_at: string;
}

async function runOne(
  check: DoctorCheck,
  context: { input: DoctorInput; host: DoctorHost; timeoutMs: number },
  deps: Deps,
): Promise<CheckResult> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      const seconds = Math.round(context.timeoutMs / 100) / 10;
      resolve({
        id: check.id,
        status: check.severity,
        detail: `did not finish within ${seconds} s`,
        fix: 'something this check runs is hanging; run it by hand to see where',
      });
    }, context.timeoutMs);
  });
  const ran = check
    .run({ ...context, deps, signal: controller.signal })
    .catch((error: unknown): CheckResult => {
      const message = error instanceof Error ? error.message : String(error);
      return {
        id: check.id,
        status: check.severity,
        detail: `check failed: ${redactText(message).slice(0, 200)}`,
        fix: 'report this as a clauster bug with the detail above',
      };
    });
  try {
    return await Promise.race([ran, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check (concurrently) and builds the report in the order given. */
export async function runChecks(
  checks: readonly DoctorCheck[],
  context: { input: DoctorInput; host: DoctorHost; timeoutMs?: number },
  deps: Deps,
): Promise<DoctorReport> {
  const timeoutMs = context.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const rows = await Promise.all(
    checks.map((check) =>
      runOne(check, { input: context.input, host: context.host, timeoutMs }, deps),
    ),
  );
  return {
    ok: rows.every((row) => row.status !== 'FAIL'),
    checks: rows,
    generated_at: new Date(deps.clock.now()).toISOString(),
  };
}
