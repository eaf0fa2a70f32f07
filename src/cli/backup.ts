/** `clauster backup [-o FILE] [--force] [--with-logs] [--state-dir DIR] [--config P] [--json]` and `clauster restore`. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { expandHome } from '../config/load.js';
import { showText } from '../security/show-text.js';
import { BackupError, createBackup } from '../system/backup-archive.js';
import { restoreBackup } from '../system/restore-archive.js';
import { readClausterVersion } from '../system/version.js';
import { loadCliConfigSource } from './command-config.js';
import { argvAsksJson, reportFailure, reportUsageError } from './failure-output.js';
import type { CliIo } from './io.js';
import { describeDefaultStateDir } from './no-config-note.js';

const BACKUP_HELP = `Usage: clauster backup [-o FILE] [--force] [--with-logs] [--state-dir DIR] [-c|--config P] [--json]

Writes a gzip'd tar (mode 0600) of state_dir (tokens, session secret, registry, audit log;
bridge logs only with --with-logs) and the config file. Default FILE:
clauster-backup-<timestamp>.tar.gz in the current directory. An existing FILE is refused
unless --force. State entries that are not regular files (links, FIFOs, a directory where a
state file belongs) are left out and listed as warnings.

Options:
  -o, --out FILE      Archive to write
  --force             Replace an existing FILE (atomically, by rename)
  --with-logs         Include the bridge logs (state_dir/logs/)
  --state-dir DIR     Back up DIR instead of the config's state_dir
  -c, --config PATH   Config file (else the search order of \`clauster run\`)
  --json              Print {file, files, skipped:[{path, reason}]}, or {error:{code, message}}
  -h, --help          Show this help

Exit status: 0 written; 1 failed (no state_dir, FILE exists, cannot write FILE); 2 usage or
config error.
`;

const RESTORE_HELP = `Usage: clauster restore FILE --state-dir DIR [--config-out PATH] [--force] [--json]

Restores a backup into DIR. Refuses archives with absolute paths, '..', links or devices,
never overwrites a non-empty DIR without --force, and refuses while a running dashboard holds
DIR's instance lock (stop it first).

Options:
  --state-dir DIR     Directory to restore state into (required)
  --config-out PATH   Also write the archived config file here (0600); an existing file only
                      with --force, a symbolic link never
  --force             Restore over a non-empty DIR and replace an existing --config-out file
  --json              Print {files, config}, or {error:{code, message}}
  -h, --help          Show this help

Exit status: 0 restored; 1 refused or failed; 2 usage error or an unreadable archive.
`;

/** The success report: compact JSON with --json, else one line. */
function report(io: CliIo, json: boolean, value: Record<string, unknown>, text: string): void {
  io.stdout(json ? `${JSON.stringify(value)}\n` : `${text}\n`);
}

/** BackupError or an I/O error (ENOENT, EACCES, ENOSPC…) as {code, message}; anything else rethrown. */
function describeFailure(error: unknown, ioCode: string): { code: string; message: string } {
  if (error instanceof BackupError) return { code: error.code, message: error.message };
  const errno = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof errno === 'string' && error instanceof Error)
    return { code: ioCode, message: error.message };
  throw error;
}

function parseBackupArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      out: { type: 'string', short: 'o' },
      force: { type: 'boolean', default: false },
      'with-logs': { type: 'boolean', default: false },
      'state-dir': { type: 'string' },
      config: { type: 'string', short: 'c' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

/** Loads the config as every command does; --json also gets the refusal as an error object. */
async function loadBackupConfig(configFlag: string | undefined, json: boolean, io: CliIo) {
  const loaded = await loadCliConfigSource('backup', configFlag, io, { json });
  if (typeof loaded === 'number') return loaded;
  return { stateDir: loaded.config.state_dir, configPath: loaded.source };
}

/** Runs `clauster backup`: state_dir and the config file from the config lookup of `run`. */
export async function runBackupCommand(argv: string[], io: CliIo): Promise<number> {
  let values: ReturnType<typeof parseBackupArgs>['values'];
  try {
    ({ values } = parseBackupArgs(argv));
  } catch (error) {
    const out = { command: 'backup', json: argvAsksJson(argv) };
    return reportUsageError(out, { message: (error as Error).message, usage: BACKUP_HELP }, io);
  }
  if (values.help) {
    io.stdout(BACKUP_HELP);
    return 0;
  }
  const loaded = await loadBackupConfig(values.config, values.json, io);
  if (typeof loaded === 'number') return loaded;
  const home = io.deps.home;
  const stateDirFlag = values['state-dir'];
  const stateDir = stateDirFlag ? resolve(io.cwd, expandHome(stateDirFlag, home)) : loaded.stateDir;
  const now = new Date(io.deps.clock.now());
  const defaultName = `clauster-backup-${now.toISOString().replace(/[:.]/g, '-')}.tar.gz`;
  const out = resolve(io.cwd, expandHome(values.out ?? defaultName, home));
  try {
    const made = await createBackup({
      stateDir,
      configPath: loaded.configPath,
      out,
      force: values.force,
      withLogs: values['with-logs'],
      version: readClausterVersion(),
      now,
    });
    const text = `wrote ${out} (${made.files} state files)`;
    report(io, values.json, { file: out, files: made.files, skipped: made.skipped }, text);
    // A backup that misses state must say so (also with --json, where `skipped` lists them).
    for (const { path, reason } of made.skipped) {
      io.stderr(`warning: not in the backup: ${showText(path)}: ${reason}\n`);
    }
    // A backup of the defaults, taken by mistake, must not pass for the operator's setup.
    if (loaded.configPath === null && !stateDirFlag) {
      io.stderr(`note: ${describeDefaultStateDir(stateDir, home)}; the archive holds no config\n`);
    }
    return 0;
  } catch (error) {
    const failure = describeFailure(error, 'backup-failed');
    return reportFailure({ command: 'backup', json: values.json }, { ...failure, exitCode: 1 }, io);
  }
}

function parseRestoreArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'state-dir': { type: 'string' },
      'config-out': { type: 'string' },
      force: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

/** Runs `clauster restore`. */
export async function runRestore(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseRestoreArgs>;
  try {
    parsed = parseRestoreArgs(argv);
  } catch (error) {
    const out = { command: 'restore', json: argvAsksJson(argv) };
    return reportUsageError(out, { message: (error as Error).message, usage: RESTORE_HELP }, io);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(RESTORE_HELP);
    return 0;
  }
  if (positionals.length !== 1 || !values['state-dir']) {
    const out = { command: 'restore', json: values.json === true };
    const message = 'needs exactly one FILE and --state-dir DIR';
    return reportUsageError(out, { message, code: 'missing-argument', usage: RESTORE_HELP }, io);
  }
  const home = io.deps.home;
  const absolute = (path: string) => resolve(io.cwd, expandHome(path, home));
  const configOut = values['config-out'];
  try {
    const done = await restoreBackup(
      {
        file: absolute(positionals[0] ?? ''),
        stateDir: absolute(values['state-dir']),
        force: values.force,
        configOut: configOut ? absolute(configOut) : null,
      },
      io.deps,
    );
    const written = done.config ? `; config written to ${done.config}` : '';
    report(io, values.json, { ...done }, `restored ${done.files} files${written}`);
    return 0;
  } catch (error) {
    const failure = describeFailure(error, 'restore-failed');
    const exitCode = failure.code === 'bad-archive' ? 2 : 1;
    return reportFailure({ command: 'restore', json: values.json }, { ...failure, exitCode }, io);
  }
}
