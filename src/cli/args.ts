/** Strict argument parsing shared by every command: usage errors print and exit 2. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { argvAsksJson, reportUsageError } from './failure-output.js';
import type { CliIo } from './io.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** The options of a command that reads no config: `--json`, `-h/--help`. */
export const JSON_OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** The options most commands share: `-c/--config PATH`, `--json`, `-h/--help`. */
export const CONFIG_JSON_OPTIONS = {
  config: { type: 'string', short: 'c' },
  ...JSON_OPTIONS,
} as const satisfies Options;

export type ParsedArgs<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: true }>
>;

/**
 * The command a usage text is about, from its first line: `Usage: clauster projects create
 * <name> …` → `projects create`, `Usage: clauster [run] …` → `run`.
 */
export function commandOfUsage(usage: string): string {
  const words = (usage.split('\n')[0] ?? '').split(' ').slice(2);
  const command: string[] = [];
  for (const word of words) {
    const bare = /^\[?([a-z][a-z-]*)\]?$/.exec(word)?.[1];
    if (bare === undefined) break;
    command.push(bare);
  }
  return command.join(' ');
}

/**
 * Parses `argv` strictly with node:util parseArgs. Returns the parsed values, or an exit
 * code: 0 after printing `usage` for --help, 2 after a usage error. A usage error's line starts
 * `clauster <command>: `, the command named by `command` or else by the usage text; with
 * `--json` in argv (even one the command does not take) the error body `{"error":{"code":
 * "usage","message"}}` is printed on stdout as well (reportUsageError).
 */
export function parseCommandArgs<O extends Options>(
  argv: string[],
  options: { spec: O; usage: string; maxPositionals?: number; command?: string },
  io: CliIo,
): ParsedArgs<O> | number {
  const command = options.command ?? commandOfUsage(options.usage);
  const out = { command, json: argvAsksJson(argv) };
  const { usage } = options;
  let parsed: ParsedArgs<O>;
  try {
    parsed = parseArgs({
      args: argv,
      options: options.spec,
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // reportFailure() redacts every message it prints.
    return reportUsageError(out, { message, usage }, io);
  }
  if ((parsed.values as Record<string, unknown>).help === true) {
    io.stdout(options.usage);
    return 0;
  }
  if (parsed.positionals.length > (options.maxPositionals ?? 0)) {
    const extra = String(parsed.positionals[options.maxPositionals ?? 0]);
    return reportUsageError(out, { message: `unexpected argument '${extra}'`, usage }, io);
  }
  return parsed;
}
