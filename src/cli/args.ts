/** Strict argument parsing shared by every command: usage errors print and exit 2. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { redactText } from '../security/redact.js';
import type { CliIo } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

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
 * Parses `argv` strictly with node:util parseArgs. Returns the parsed values, or an exit
 * code: 0 after printing `usage` for --help, 2 after a usage error.
 */
export function parseCommandArgs<O extends Options>(
  argv: string[],
  options: { spec: O; usage: string; maxPositionals?: number },
  io: CliIo,
): ParsedArgs<O> | number {
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
    io.stderr(`${redactText(message)}\n\n${options.usage}`);
    return 2;
  }
  if ((parsed.values as Record<string, unknown>).help === true) {
    io.stdout(options.usage);
    return 0;
  }
  if (parsed.positionals.length > (options.maxPositionals ?? 0)) {
    io.stderr(
      `unexpected argument '${redactText(String(parsed.positionals[options.maxPositionals ?? 0]))}'\n\n${options.usage}`,
    );
    return 2;
  }
  return parsed;
}
