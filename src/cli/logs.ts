/**
 * `clauster logs <project|bridge-id>`: the same redacted stream as /ws/logs, read straight
 * from state_dir (no server needed). `--raw` prints the verbatim file on disk, with a warning.
 */

import {
  hasLogSet,
  isBridgeId,
  isLogStream,
  type LogStream,
  resolveVerbatimPath,
} from '../bridges/log-paths.js';
import { tailLogFile } from '../bridges/log-tail.js';
import type { BridgeRecord } from '../bridges/record.js';
import { readRegistry } from '../bridges/registry.js';
import type { Config } from '../config/schema.js';
import { redactText } from '../security/redact.js';
import { readRegularFile } from '../state/regular-file.js';
import { watchPath } from '../system/file-watch.js';
import { CONFIG_JSON_OPTIONS } from './args.js';
import { BRIDGE_ARG_HELP, readRefCommand, resolveBridgeArg } from './bridge-arg.js';
import { loadCliConfig } from './command-config.js';
import { reportFailure, reportUsageError, type UsageError } from './failure-output.js';
import { type CliIo, waitForShutdown } from './io.js';
import { noteEmptyLog } from './log-empty-note.js';

const USAGE = `Usage: clauster logs <project|bridge-id> [options]

Print a bridge's log, redacted exactly like the dashboard's live view (ids, tokens and
secrets masked, control sequences removed). A project name means its live bridge, else its
most recent one. Works without a running dashboard.

${BRIDGE_ARG_HELP}
logs never asks the dashboard: here a full id not in bridges.json exits 1 too.

Options:
  -f, --follow        Keep printing lines as they are written (Ctrl+C stops, exit 0)
  -n, --tail N        Start with the last N lines (default 200, 0-100000)
  --file NAME         debug (default), stdout or stderr
  --raw               Print the verbatim file on disk instead (NOT redacted; a warning goes
                      to stderr). Cannot be combined with --follow, --tail or --json
  --json              One JSON message per line: {"type":"lines","lines":[…]} or {"type":"reset"};
                      a failure prints {"error":{"code","message"}} instead
  -c, --config PATH   Config file
  -h, --help

The file shown is always the one --file names (debug by default, also for a bridge that
crashed). When it is empty but the bridge's stderr or stdout file is not (a bridge that failed
at start often wrote its error only to stderr), a note on stderr names that file and the
--file option that shows it. A bridge started outside clauster and adopted has an empty log
(its output was never captured): a note on stderr says so. Notes never touch stdout.

Exit status: 0 ok; 1 no such bridge, no logs, or unreadable; 2 usage or config error.
`;

const MAX_CLI_TAIL = 100_000;

interface Target {
  id: string;
  /** The registry record, when there is one (a full id's log set may outlive its record). */
  record: BridgeRecord | undefined;
}

// The bridge to show (the project's live bridge, else its newest), or the exit code after
// saying why not. A full id needs no registry: its log set may outlive its record.
async function findBridge(
  config: Config,
  ref: string,
  json: boolean,
  io: CliIo,
): Promise<Target | number> {
  const records = await readRegistry(config.state_dir, io.deps);
  if (!records.ok && !isBridgeId(ref)) {
    const failure = { code: records.code, message: records.detail, exitCode: 1 };
    return reportFailure({ command: 'logs', json }, failure, io);
  }
  const bridges = records.ok ? records.value : [];
  const options = { bridges, pick: 'live-or-newest' as const, json };
  const id = resolveBridgeArg('logs', ref, options, io);
  if (typeof id === 'number') return id;
  return { id, record: bridges.find((bridge) => bridge.id === id) };
}

// An adopted bridge's log set is created empty: clauster never had its output. Say so, or an
// empty answer reads as "the bridge printed nothing".
async function noteUncaptured(target: Target, path: string, io: CliIo): Promise<void> {
  if (target.record?.adopted !== true) return;
  const size = await io.deps.fs.stat(path).then(
    (stat) => stat.size,
    () => 0,
  );
  if (size > 0) return;
  io.stderr(
    `clauster logs: ${target.id} was started outside clauster and adopted, so its output was not captured and this log is empty; stop it and start it with clauster to capture its logs\n`,
  );
}

async function printRaw(path: string, io: CliIo): Promise<number> {
  io.stderr(
    `warning: printing ${path} verbatim: it may hold session ids and secrets; do not share it\n`,
  );
  try {
    // Stat'ed first: a FIFO in the log's place would block the command for good.
    io.stdout(await readRegularFile(path, io.deps.fs, 'utf8'));
    return 0;
  } catch (error) {
    io.stderr(
      `clauster logs: cannot read ${path}: ${redactText(String((error as Error).message))}\n`,
    );
    return 1;
  }
}

async function streamRedacted(
  path: string,
  options: {
    tail: number;
    follow: boolean;
    json: boolean;
    stripAnsi: boolean;
    /** Runs once the initial lines are out (before a follow waits). */
    onShown: () => Promise<void>;
  },
  io: CliIo,
): Promise<number> {
  const print = (message: { type: 'lines'; lines: string[] } | { type: 'reset' }): void => {
    if (options.json) io.stdout(`${JSON.stringify(message)}\n`);
    else if (message.type === 'lines') io.stdout(`${message.lines.join('\n')}\n`);
    else io.stderr('--- log truncated or rotated: starting over ---\n');
  };
  const tail = tailLogFile(
    path,
    { tail: options.tail, follow: options.follow, stripAnsi: options.stripAnsi },
    {
      onLines: (lines) => print({ type: 'lines', lines }),
      onReset: () => print({ type: 'reset' }),
    },
    { fs: io.deps.fs, watch: watchPath },
  );
  try {
    await tail.ready;
  } catch (error) {
    await tail.close();
    const message = `cannot read ${path}: ${redactText((error as Error).message)}`;
    return reportFailure(
      { command: 'logs', json: options.json },
      { code: 'log-unreadable', message, exitCode: 1 },
      io,
    );
  }
  await options.onShown();
  // Only a signal ends a follow; waitForShutdown() keeps the process alive until then.
  if (options.follow) await waitForShutdown(io);
  await tail.close();
  return 0;
}

interface LogsValues {
  tail?: string;
  file?: string;
  raw?: boolean;
  follow?: boolean;
  json?: boolean;
}

// The validated options, or the usage error to print.
function checkOptions(values: LogsValues): { tail: number; file: LogStream } | UsageError {
  const tail = values.tail === undefined ? 200 : Number(values.tail);
  if (values.tail !== undefined && !/^\d{1,6}$/.test(values.tail)) return tailError(values.tail);
  if (tail > MAX_CLI_TAIL) return tailError(String(values.tail));
  const file = values.file ?? 'debug';
  if (!isLogStream(file)) {
    const message = `--file: expected debug, stdout or stderr, got ${JSON.stringify(redactText(file))}`;
    return { code: 'invalid-option', message };
  }
  if (values.raw && (values.follow || values.json || values.tail !== undefined)) {
    return {
      message: '--raw cannot be combined with --follow, --tail or --json; drop one of them',
    };
  }
  return { tail, file };
}

function tailError(value: string): UsageError {
  const message = `--tail: expected an integer from 0 to ${MAX_CLI_TAIL}, got ${JSON.stringify(redactText(value))}`;
  return { code: 'invalid-option', message };
}

/** Prints a bridge log; exit 0 ok, 1 no such bridge or unreadable, 2 usage/config error. */
export async function runLogs(argv: string[], io: CliIo): Promise<number> {
  // The argument's shape first, as in stop and restart: a name no project can have is exit 2.
  const start = readRefCommand(
    argv,
    {
      command: 'logs',
      spec: {
        follow: { type: 'boolean', short: 'f' },
        tail: { type: 'string', short: 'n' },
        file: { type: 'string' },
        raw: { type: 'boolean' },
        ...CONFIG_JSON_OPTIONS,
      },
      usage: USAGE,
      kind: 'project-or-bridge',
    },
    io,
  );
  if (typeof start === 'number') return start;
  const { parsed, out, ref } = start;
  const { values } = parsed;
  const { json } = out;
  const checked = checkOptions(values);
  if ('message' in checked) return reportUsageError(out, { ...checked, usage: USAGE }, io);
  const { tail, file } = checked;
  const config = await loadCliConfig('logs', values.config, io, { json });
  if (typeof config === 'number') return config;
  const target = await findBridge(config, ref, json, io);
  if (typeof target === 'number') return target;
  if (!(await hasLogSet(config.state_dir, target.id, io.deps))) {
    const message = `no logs for ${JSON.stringify(redactText(ref))} in ${config.state_dir} (deleted by log retention, or never written); see \`clauster status\``;
    return reportFailure({ command: 'logs', json }, { code: 'no-logs', message, exitCode: 1 }, io);
  }
  const path = await resolveVerbatimPath(config.state_dir, target.id, file, io.deps);
  await noteUncaptured(target, path, io);
  // The file shown stays the one asked for (debug by default, whatever the bridge's status);
  // when it is empty and another is not, a note on stderr names that one.
  const noteEmpty = () =>
    noteEmptyLog({ stateDir: config.state_dir, bridgeId: target.id, shown: file, path }, io);
  if (values.raw) {
    await noteEmpty();
    return printRaw(path, io);
  }
  const options = {
    tail,
    follow: values.follow === true,
    json,
    stripAnsi: config.logs.strip_ansi_in_stream,
    onShown: noteEmpty,
  };
  return streamRedacted(path, options, io);
}
