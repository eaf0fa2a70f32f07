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
import { readRegistry } from '../bridges/registry.js';
import type { Config } from '../config/schema.js';
import { redactText } from '../security/redact.js';
import { watchPath } from '../system/file-watch.js';
import { CONFIG_JSON_OPTIONS, parseCommandArgs } from './args.js';
import { BRIDGE_ARG_HELP, resolveBridgeArg } from './bridge-arg.js';
import { loadCliConfig } from './command-config.js';
import type { CliIo } from './io.js';

const USAGE = `Usage: clauster logs <project|bridge-id> [options]

Print a bridge's log, redacted exactly like the dashboard's live view (ids, tokens and
secrets masked, control sequences removed). A project name means its live bridge, else its
most recent one. Works without a running dashboard.

${BRIDGE_ARG_HELP}

Options:
  -f, --follow        Keep printing lines as they are written (Ctrl+C stops)
  -n, --tail N        Start with the last N lines (default 200, 0-100000)
  --file NAME         debug (default), stdout or stderr
  --raw               Print the verbatim file on disk instead (NOT redacted; a warning goes
                      to stderr). Cannot be combined with --follow, --tail or --json
  --json              One JSON message per line: {"type":"lines","lines":[…]} or {"type":"reset"}
  -c, --config PATH   Config file
  -h, --help
`;

const MAX_CLI_TAIL = 100_000;

// The bridge to show (the project's live bridge, else its newest), or the exit code after
// saying why not. A full id needs no registry: its log set may outlive its record.
async function findBridgeId(config: Config, ref: string, io: CliIo): Promise<string | number> {
  const records = await readRegistry(config.state_dir, io.deps);
  if (!records.ok && !isBridgeId(ref)) {
    io.stderr(`clauster logs: ${records.detail}\n`);
    return 1;
  }
  const bridges = records.ok ? records.value : [];
  return resolveBridgeArg('logs', ref, { bridges, pick: 'live-or-newest' }, io);
}

async function printRaw(path: string, io: CliIo): Promise<number> {
  io.stderr(
    `warning: printing ${path} verbatim: it may hold session ids and secrets; do not share it\n`,
  );
  try {
    io.stdout(await io.deps.fs.readFile(path, 'utf8'));
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
  options: { tail: number; follow: boolean; json: boolean; stripAnsi: boolean },
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
  await tail.ready;
  if (options.follow) {
    await new Promise<void>((resolve) => {
      const off = io.onShutdown(() => {
        off();
        resolve();
      });
    });
  }
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

// The validated positional and options, or the usage error to print.
function checkOptions(
  ref: string | undefined,
  values: LogsValues,
): { ref: string; tail: number; file: LogStream } | string {
  if (ref === undefined) return 'missing <project|bridge-id>';
  const tail = values.tail === undefined ? 200 : Number(values.tail);
  if (values.tail !== undefined && !/^\d{1,6}$/.test(values.tail)) return tailError(values.tail);
  if (tail > MAX_CLI_TAIL) return tailError(String(values.tail));
  const file = values.file ?? 'debug';
  if (!isLogStream(file)) {
    return `--file: expected debug, stdout or stderr, got ${JSON.stringify(redactText(file))}`;
  }
  if (values.raw && (values.follow || values.json || values.tail !== undefined)) {
    return '--raw cannot be combined with --follow, --tail or --json';
  }
  return { ref, tail, file };
}

function tailError(value: string): string {
  return `--tail: expected an integer from 0 to ${MAX_CLI_TAIL}, got ${JSON.stringify(redactText(value))}`;
}

/** Prints a bridge log; exit 0 ok, 1 no such bridge or unreadable, 2 usage/config error. */
export async function runLogs(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    {
      spec: {
        follow: { type: 'boolean', short: 'f' },
        tail: { type: 'string', short: 'n' },
        file: { type: 'string' },
        raw: { type: 'boolean' },
        ...CONFIG_JSON_OPTIONS,
      },
      usage: USAGE,
      maxPositionals: 1,
    },
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const checked = checkOptions(parsed.positionals[0], values);
  if (typeof checked === 'string') {
    io.stderr(`${checked}\n\n${USAGE}`);
    return 2;
  }
  const { ref, tail, file } = checked;
  const config = await loadCliConfig('logs', values.config, io);
  if (typeof config === 'number') return config;
  const id = await findBridgeId(config, ref, io);
  if (typeof id === 'number') return id;
  if (!(await hasLogSet(config.state_dir, id, io.deps))) {
    io.stderr(
      `clauster logs: no logs for ${JSON.stringify(redactText(ref))} in ${config.state_dir}\n`,
    );
    return 1;
  }
  const path = await resolveVerbatimPath(config.state_dir, id, file, io.deps);
  if (values.raw) return printRaw(path, io);
  const options = {
    tail,
    follow: values.follow === true,
    json: values.json === true,
    stripAnsi: config.logs.strip_ansi_in_stream,
  };
  return streamRedacted(path, options, io);
}
