/** `clauster backup [-o FILE] [--with-logs] [--config P] [--json]` and `clauster restore`. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/load.js';
import { ConfigError, formatProblems } from '../config/problems.js';
import { BackupError, createBackup, restoreBackup } from '../system/backup-archive.js';
import { readClausterVersion } from '../system/version.js';
import type { CliIo } from './io.js';

const BACKUP_HELP = `Usage: clauster backup [-o FILE] [--with-logs] [--state-dir DIR] [-c|--config P] [--json]

Writes a gzip'd tar (mode 0600) of state_dir (tokens, session secret, registry, audit log;
bridge logs only with --with-logs) and the config file. Default FILE:
clauster-backup-<timestamp>.tar.gz in the current directory.
`;

const RESTORE_HELP = `Usage: clauster restore FILE --state-dir DIR [--config-out PATH] [--force] [--json]

Restores a backup into DIR. Refuses archives with absolute paths, '..', links or devices,
and never overwrites a non-empty DIR without --force.
`;

function report(io: CliIo, json: boolean, value: Record<string, unknown>, text: string): void {
  io.stdout(json ? `${JSON.stringify(value)}\n` : `${text}\n`);
}

/** Runs `clauster backup`; the state_dir and config come from the resolver the caller passes. */
export async function runBackup(
  argv: string[],
  io: CliIo,
  resolveState: (
    configFlag: string | undefined,
  ) => Promise<{ stateDir: string; configPath: string | null }>,
  version: string,
): Promise<number> {
  let values: {
    out?: string;
    'with-logs': boolean;
    'state-dir'?: string;
    config?: string;
    json: boolean;
    help: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string', short: 'o' },
        'with-logs': { type: 'boolean', default: false },
        'state-dir': { type: 'string' },
        config: { type: 'string', short: 'c' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    io.stderr(`clauster backup: ${(error as Error).message}\n${BACKUP_HELP}`);
    return 2;
  }
  if (values.help) {
    io.stdout(BACKUP_HELP);
    return 0;
  }
  const resolved = await resolveState(values.config);
  const stateDir = values['state-dir'] ? resolve(io.cwd, values['state-dir']) : resolved.stateDir;
  const now = new Date(io.deps.clock.now());
  const out = resolve(
    io.cwd,
    values.out ?? `clauster-backup-${now.toISOString().replace(/[:.]/g, '-')}.tar.gz`,
  );
  try {
    const made = await createBackup({
      stateDir,
      configPath: resolved.configPath,
      out,
      withLogs: values['with-logs'],
      version,
      now,
    });
    report(
      io,
      values.json,
      { file: out, files: made.files },
      `wrote ${out} (${made.files} state files)`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    io.stderr(`clauster backup: ${error.message}\n`);
    return 1;
  }
}

/** `clauster backup` as dispatched by main(): state_dir and the config file from the loader. */
export async function runBackupCommand(argv: string[], io: CliIo): Promise<number> {
  const resolveState = async (configFlag: string | undefined) => {
    const options =
      configFlag === undefined ? { cwd: io.cwd } : { cwd: io.cwd, configPath: configFlag };
    const { config, source } = await loadConfig(options, io.deps);
    return { stateDir: config.state_dir, configPath: source };
  };
  try {
    return await runBackup(argv, io, resolveState, readClausterVersion());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`clauster backup: refused:\n${formatProblems(error.problems)}\n`);
    return 2;
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
    io.stderr(`clauster restore: ${(error as Error).message}\n${RESTORE_HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(RESTORE_HELP);
    return 0;
  }
  if (positionals.length !== 1 || !values['state-dir']) {
    io.stderr(`clauster restore: needs exactly one FILE and --state-dir DIR\n${RESTORE_HELP}`);
    return 2;
  }
  const file = resolve(io.cwd, positionals[0] ?? '');
  try {
    const done = await restoreBackup({
      file,
      stateDir: resolve(io.cwd, values['state-dir']),
      force: values.force,
      configOut: values['config-out'] ? resolve(io.cwd, values['config-out']) : null,
    });
    report(
      io,
      values.json,
      { ...done },
      `restored ${done.files} files${done.config ? `; config written to ${done.config}` : ''}`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    io.stderr(`clauster restore: ${error.message}\n`);
    return error.code === 'bad-archive' ? 2 : 1;
  }
}
