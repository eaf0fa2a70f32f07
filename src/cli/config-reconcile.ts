/**
 * `clauster config reconcile`: rewrite the config file's deprecated keys and drop the ignored
 * ones (src/config/reconcile.ts), only when the result passes the full config check; backup
 * first, atomic write, the file's mode kept. Exit 0 done or nothing to do, 1 refused, 2 usage
 * or no config file.
 */
import {
  backupConfigFile,
  MAX_CONFIG_BACKUPS,
  pruneConfigBackups,
} from '../config/config-backup.js';
import { findConfigFile } from '../config/load.js';
import { ConfigError, type ConfigProblem } from '../config/problems.js';
import { reconcileConfigText } from '../config/reconcile.js';
import { diffConfigLines } from '../config/reconcile-diff.js';
import { checkConfig } from '../config/verdict.js';
import { MAX_CONFIG_BYTES, parseConfigYaml } from '../config/yaml-file.js';
import { writeFileAtomic } from '../state/atomic-write.js';
import type { Fs } from '../system/ports.js';
import { CONFIG_JSON_OPTIONS, parseCommandArgs } from './args.js';
import type { CliIo } from './io.js';
import { printReconcile, type ReconcileReport } from './reconcile-output.js';

const USAGE = `Usage: clauster config reconcile [--config PATH] [--dry-run] [--json]

Rewrite the config file so clauster loads it without warnings: usage.show_cost becomes
usage.mode (false → tokens, true → cost, dropped when usage.mode is set) and every key of the
Python Clauster that clauster ignores is removed (claude.launch_mode, claude.resume_mode,
webhooks.events.bg-settled, whole sections such as claustrum, …). Comments and key order are
kept. The result must pass \`clauster check-config\` or nothing is written. Before writing, the
file is copied to <file>.bak-<UTC timestamp> (the newest ${MAX_CONFIG_BACKUPS} are kept).
Works on the file's own text only: environment overrides and *_FILE values are never written
into it. Values are not printed, only key paths.

Options:
  -c, --config PATH   Config file (else $CLAUSTER_CONFIG, ./clauster.yml, $CLAUSTER_HOME/clauster.yml)
  --dry-run           Print the changes and the changed lines; write nothing
  --json              Print {ok, source, dry_run, changes, diff, written, backup, problems}
  -h, --help

Exit status: 0 reconciled or nothing to reconcile; 1 refused (the file does not load, or the
result would not pass the config check); 2 usage error or no config file.
`;

type ReadFile = { text: string; mode: number } | { problems: ConfigProblem[] };

/** Reconciles the config file; exit 0 done or nothing to do, 1 refused, 2 usage/not found. */
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
  const read = source === null ? null : await readConfigText(source, io.deps.fs);
  if (source === null || read === null) {
    io.stderr(
      `clauster config reconcile: no config file ${source === null ? 'found (searched --config, $CLAUSTER_CONFIG, ./clauster.yml, $CLAUSTER_HOME/clauster.yml)' : `at ${source}`}\n`,
    );
    return 2;
  }
  const report: ReconcileReport = { source, dryRun, changes: [], written: false, backup: null };
  if ('problems' in read) return printReconcile({ ...report, problems: read.problems }, json, io);
  const result = reconcileConfigText(read.text);
  report.changes = result.changes;
  if (result.changes.length === 0) return printReconcile(report, json, io);
  const verdict = await checkConfig(
    { cwd: io.cwd, configPath: source },
    { ...io.deps, fs: overlayFile(io.deps.fs, source, result.text) },
  );
  if (!verdict.ok) return printReconcile({ ...report, problems: verdict.problems }, json, io);
  if (dryRun)
    return printReconcile({ ...report, diff: diffConfigLines(read.text, result.text) }, json, io);
  const target = await io.deps.fs.realpath(source);
  report.backup = await backupConfigFile(target, read.mode, io.deps);
  await pruneConfigBackups(target, MAX_CONFIG_BACKUPS, io.deps);
  await writeFileAtomic(target, result.text, { mode: read.mode }, io.deps);
  // open() applies the umask, so set the mode the file had exactly.
  await io.deps.fs.chmod(target, read.mode);
  report.written = true;
  return printReconcile(report, json, io);
}

/** The file's text and mode, null when it does not exist, problems when it would not load. */
async function readConfigText(path: string, fs: Fs): Promise<ReadFile | null> {
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) return fileProblem('a regular config file', `something else at ${path}`);
    if (stat.size > MAX_CONFIG_BYTES)
      return fileProblem('a config file of at most 1 MiB', `${stat.size} bytes in ${path}`);
    const text = await fs.readFile(path, 'utf8');
    // The loader's own limits (duplicate keys, aliases, several documents, not a mapping).
    parseConfigYaml(text, path);
    return { text, mode: stat.mode & 0o7777 };
  } catch (error) {
    if (error instanceof ConfigError) return { problems: [...error.problems] };
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function fileProblem(expected: string, found: string): ReadFile {
  return { problems: [{ path: '(file)', expected, found }] };
}

/** `fs` that reads `text` for `path`, so the candidate is checked before anything is written. */
function overlayFile(fs: Fs, path: string, text: string): Fs {
  const readFile = ((file: unknown, options: unknown) =>
    file === path
      ? Promise.resolve(text)
      : (fs.readFile as (f: unknown, o: unknown) => Promise<unknown>)(
          file,
          options,
        )) as Fs['readFile'];
  return { ...fs, readFile };
}
