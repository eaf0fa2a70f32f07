/**
 * `clauster config reconcile`: rewrite the config file's deprecated keys and drop the ignored
 * ones. The edge parses the arguments and prints; src/config/reconcile-file.ts holds the
 * read → check → backup → write sequence. Exit 0 done or nothing to do, 1 refused, 2 usage,
 * no config file, or a config that does not load or is already refused.
 */
import { MAX_CONFIG_BACKUPS } from '../config/config-backup.js';
import { findConfigFile } from '../config/load.js';
import { reconcileConfigFile } from '../config/reconcile-file.js';
import { currentUser } from '../state/file-owner.js';
import { CONFIG_JSON_OPTIONS, parseCommandArgs } from './args.js';
import { reportFailure } from './failure-output.js';
import type { CliIo } from './io.js';
import { printReconcile } from './reconcile-output.js';

const USAGE = `Usage: clauster config reconcile [--config PATH] [--dry-run] [--json]

Rewrite the config file so clauster loads it without warnings: usage.show_cost becomes
usage.mode (false → tokens, true → cost, dropped when usage.mode is set) and every key of the
Python Clauster that clauster ignores is removed (claude.launch_mode, claude.resume_mode,
webhooks.events.bg-settled, whole sections such as claustrum, …). Comments and key order are
kept. The result must load to the same settings and pass \`clauster check-config\`, or
nothing is written. A symlinked file is rewritten where it points. Before writing, the bytes
read are saved to <file>.bak-<UTC timestamp> (mode 0600; the newest ${MAX_CONFIG_BACKUPS} are kept);
the new file keeps the old one's mode and owner, and is not written if the file changed
meanwhile. Works on the file's own text only: environment overrides and *_FILE values are
never written into it. Values are not printed, only key paths.

Options:
  -c, --config PATH   Config file (else $CLAUSTER_CONFIG, ./clauster.yml, $CLAUSTER_HOME/clauster.yml)
  --dry-run           Print the changes and the changed lines; write nothing
  --json              Print {ok, source, target, dry_run, changes, diff, written, backup,
                      refusal, problems}; no config file prints
                      {"error":{"code":"no-config-file","message"}}
  -h, --help

Exit status: 0 reconciled or nothing to reconcile; 1 refused (the result would change a
setting or not pass the config check, the file changed meanwhile, or its owner cannot be
kept: run as the file's owner or root); 2 usage error, no config file, or a config that does
not load or is already refused, also with nothing to rewrite (fix that first; \`clauster
check-config\` shows why). With --json a refusal's lines go to stderr too.
`;

/** Reconciles the config file; exit 0 done or nothing to do, 1 refused, 2 usage/config. */
export async function runConfigReconcile(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    { spec: { 'dry-run': { type: 'boolean' }, ...CONFIG_JSON_OPTIONS }, usage: USAGE },
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { config: configPath, json = false } = parsed.values;
  const dryRun = parsed.values['dry-run'] === true;
  const options = configPath === undefined ? { cwd: io.cwd } : { cwd: io.cwd, configPath };
  const source = await findConfigFile(options, io.deps);
  const user = currentUser();
  const result =
    source === null
      ? null
      : await reconcileConfigFile(source, { dryRun, cwd: io.cwd, user }, io.deps);
  if (source === null || result === null) {
    const where =
      source === null
        ? 'found (searched --config, $CLAUSTER_CONFIG, ./clauster.yml, $CLAUSTER_HOME/clauster.yml)'
        : `at ${source}`;
    const failure = { code: 'no-config-file', message: `no config file ${where}`, exitCode: 2 };
    return reportFailure({ command: 'config reconcile', json }, failure, io);
  }
  return printReconcile({ ...result, source, dryRun }, json, io);
}
