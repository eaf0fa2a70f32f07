/**
 * `clauster config <subcommand>`: the config file command group. Today it holds
 * `reconcile` (src/cli/config-reconcile.ts); `clauster config` alone prints this usage.
 */
import { runConfigReconcile } from './config-reconcile.js';
import { argvAsksJson, reportUsageError } from './failure-output.js';
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
  if (sub === undefined) {
    io.stderr(USAGE);
    return 2;
  }
  const out = { command: 'config', json: argvAsksJson(argv) };
  const error = sub.startsWith('-')
    ? { code: 'missing-argument', message: 'missing <subcommand> (reconcile) before the options' }
    : { message: `unknown subcommand '${sub}'` };
  return reportUsageError(out, { ...error, usage: USAGE }, io);
}
