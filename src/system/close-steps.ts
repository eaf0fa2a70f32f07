/**
 * Running the steps of a shutdown. Invariant: every step runs, in order, even when one before
 * it failed — a failing service stop must never leave the port open or the instance lock held
 * — and the failures are thrown after the last step (one as itself, several as one
 * AggregateError naming each). Undoing a failed start runs the same way, but throws the
 * start's own error: a failed stop is logged, never put in place of the reason.
 */
import type { Logger } from './ports.js';

function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs each step in order, then throws what failed, if anything. */
export async function runCloseSteps(steps: readonly (() => unknown)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    const listed = failures.map(describeFailure).join('; ');
    throw new AggregateError(failures, `${failures.length} close steps failed: ${listed}`);
  }
}

/** Undoes a start that failed with `error`: runs every step, logs their failure, throws `error`. */
export async function abandonStart(
  error: unknown,
  steps: readonly (() => unknown)[],
  deps: { logger: Logger },
): Promise<never> {
  try {
    await runCloseSteps(steps);
  } catch (failure) {
    // The logger redacts the message; the start's own error still reaches the caller.
    deps.logger.error('start failed, and undoing it failed too', { error: failure });
  }
  throw error;
}
