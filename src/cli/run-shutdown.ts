/**
 * How `clauster run` stops on SIGINT/SIGTERM. Invariant: the answer comes within the deadline
 * whatever the close does — a close that hangs (it may be a restart's close already under way)
 * or a close step that throws still ends the command, with exit status 1 so the service
 * manager sees that something was left behind; bin/clauster.js then ends the process.
 */
import { CLOSE_DEADLINE_MS, closeWithin } from '../ops/dashboard-restart.js';
import { redactText } from '../security/redact.js';
import type { CliIo, ShutdownSignal } from './io.js';

/** Closes `server` after `signal`: 0 closed, 1 a close step failed or ran past `deadlineMs`. */
export async function closeOnSignal(
  server: { close(): Promise<void> },
  signal: ShutdownSignal | undefined,
  io: Pick<CliIo, 'stderr'>,
  deadlineMs: number = CLOSE_DEADLINE_MS,
): Promise<number> {
  io.stderr(`clauster: ${signal ?? 'signal'} received, stopping (bridges keep running)\n`);
  try {
    if ((await closeWithin(() => server.close(), deadlineMs)) === 'closed') return 0;
    io.stderr(`clauster: stopping did not finish within ${deadlineMs} ms; exiting anyway\n`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`clauster: stopping failed: ${redactText(message)}; exiting anyway\n`);
  }
  return 1;
}
