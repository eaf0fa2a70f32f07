/**
 * `clauster config <subcommand>`: the config file command group. Today it holds
 * `reconcile` (src/cli/config-reconcile.ts); `clauster config` alone prints this usage.
 */
import { redactText } from '../security/redact.js';
import { runConfigReconcile } from './config-reconcile.js';
import type { CliIo } from './io.js';

const USAGE = `Usage: clauster config <subcommand> [options]

Subcommands:
  reconcile   Rewrite deprecated keys and remove the ignored ones in the config file
              (backup first; see \`clauster config reconcile --help\`)
`;

/** Dispatches a `config` subcommand; exit 2 without one. */
export async function runConfig(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'reconcile') return runConfigReconcile(rest, io);
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (sub !== undefined) io.stderr(`clauster config: unknown subcommand '${redactText(sub)}'\n\n`);
  io.stderr(USAGE);
  return 2;
}
