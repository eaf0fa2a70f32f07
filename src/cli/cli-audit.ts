/**
 * How a CLI command that changes state writes its audit entry: appended to
 * state_dir/audit.jsonl (never rotated: see state/audit.ts, the dashboard rotates), with
 * `by: "cli"` so the trail tells it from the dashboard's. An entry that cannot be written
 * (audit.jsonl a symbolic link, …) is said on stderr and never fails the command.
 */
import { type AuditEntry, type AuditLog, createAuditLog } from '../state/audit.js';
import { prepareStateDir } from '../state/state-dir.js';
import { createLogger } from '../system/logger.js';
import type { Logger } from '../system/ports.js';
import type { CliIo } from './io.js';

// Failed or refused audit writes, said on stderr.
function stderrLogger(io: CliIo) {
  return createLogger({ format: 'text', level: 'warn', write: (line) => io.stderr(`${line}\n`) });
}

// The audit log of a CLI command with `logger` for its failures.
function cliAuditLog(stateDir: string, io: CliIo, logger: Logger): AuditLog {
  const audit = createAuditLog(stateDir, io.deps, { logger });
  return { append: (entry) => audit.append({ ...entry, by: 'cli' }) };
}

/** The audit log of a CLI command: every entry marked `by: "cli"`; state_dir must exist. */
export function createCliAuditLog(stateDir: string, io: CliIo): AuditLog {
  return cliAuditLog(stateDir, io, stderrLogger(io));
}

/** Appends `entries` in order, each marked `by: "cli"`. */
export async function appendCliAudit(
  stateDir: string,
  entries: readonly AuditEntry[],
  io: CliIo,
): Promise<void> {
  const logger = stderrLogger(io);
  try {
    // state_dir must exist (0700) before the first entry, as for the dashboard.
    await prepareStateDir(stateDir, io.deps);
  } catch (error) {
    // The change is done: say the entry is missing rather than fail the command.
    logger.warn('audit entry not written', { path: stateDir, error: String(error) });
    return;
  }
  const audit = cliAuditLog(stateDir, io, logger);
  for (const entry of entries) await audit.append(entry);
}
