/** The config a CLI command runs with: loaded like `run` loads it, refusals printed. */
import { findConfigFile, loadConfigFrom } from '../config/load.js';
import { ConfigError, type ConfigProblem, formatProblem } from '../config/problems.js';
import type { Config } from '../config/schema.js';
import { redactText } from '../security/redact.js';
import { CONFIG_JSON_OPTIONS, parseCommandArgs } from './args.js';
import { formatErrorBody } from './failure-output.js';
import type { CliIo } from './io.js';
import { shellQuote } from './shell-quote.js';
import { describeConfigRefusal } from './verdict-output.js';

/** A parsed command that takes only `-c/--config`, `--json` and `-h/--help`, with its config. */
export interface ConfigCommand {
  config: Config;
  json: boolean;
  /** The config file it came from; null when none was found (defaults). */
  source: string | null;
}

// `config refused in FILE; …` and the check-config line that shows the verdict of that file.
function describeRefusedSource(source: string | null): string {
  if (source === null) {
    return 'config refused (no config file: defaults and CLAUSTER_* variables); recheck with `clauster check-config`';
  }
  const file = redactText(source);
  return `config refused in ${file}; fix it, then recheck with \`clauster check-config -c ${shellQuote(file)}\``;
}

/**
 * Prints a refused config and returns 2: one `refused: …` line per problem on stderr, then
 * `clauster <command>: config refused in FILE; fix it, then recheck with \`clauster
 * check-config -c FILE\``; with `json` also the error body
 * `{"error":{"code":"config-invalid","message"}}` (describeConfigRefusal) alone on stdout.
 * `source` is the file that was read (null: none, defaults and CLAUSTER_* variables).
 */
export function reportConfigRefused(
  command: string,
  problems: readonly ConfigProblem[],
  io: CliIo,
  options: { json: boolean; source: string | null },
): number {
  for (const problem of problems) io.stderr(`refused: ${formatProblem(problem)}\n`);
  io.stderr(`clauster ${command}: ${describeRefusedSource(options.source)}\n`);
  if (options.json) {
    const message = describeConfigRefusal(problems, options.source);
    io.stdout(formatErrorBody('config-invalid', message));
  }
  return 2;
}

/** What loadCliConfig() loads, and the file it came from (null: no file, defaults). */
export interface CliConfigSource {
  config: Config;
  source: string | null;
}

/**
 * Loads the config for a CLI command with the file it came from; when it is refused, prints it
 * (reportConfigRefused) and returns 2. `searchCwd: false` skips `./clauster.yml` (see
 * LoadOptions.searchCwd; `clauster mcp`).
 */
export async function loadCliConfigSource(
  command: string,
  configPath: string | undefined,
  io: CliIo,
  options: { searchCwd?: boolean; json?: boolean } = {},
): Promise<CliConfigSource | number> {
  const { searchCwd = true } = options;
  const load = { cwd: io.cwd, searchCwd, ...(configPath === undefined ? {} : { configPath }) };
  // Searched once: a refusal names the very file that was read (a ConfigError does not carry it).
  const source = await findConfigFile(load, io.deps);
  try {
    const { config } = await loadConfigFrom(source, load, io.deps);
    return { config, source };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return reportConfigRefused(command, error.problems, io, {
      json: options.json === true,
      source,
    });
  }
}

/** loadCliConfigSource() without the source: the config, or 2 after printing its refusal. */
export async function loadCliConfig(
  command: string,
  configPath: string | undefined,
  io: CliIo,
  options: { searchCwd?: boolean; json?: boolean } = {},
): Promise<Config | number> {
  const loaded = await loadCliConfigSource(command, configPath, io, options);
  return typeof loaded === 'number' ? loaded : loaded.config;
}

/**
 * Parses the arguments of a command with no positionals whose options are `-c/--config`,
 * `--json` and `-h/--help`, then loads its config. Returns an exit code instead when --help,
 * a usage error or a refused config ends the command.
 */
export async function parseConfigCommand(
  argv: string[],
  options: { command: string; usage: string },
  io: CliIo,
): Promise<ConfigCommand | number> {
  const { command, usage } = options;
  const parsed = parseCommandArgs(argv, { spec: CONFIG_JSON_OPTIONS, usage, command }, io);
  if (typeof parsed === 'number') return parsed;
  const json = parsed.values.json === true;
  const loaded = await loadCliConfigSource(command, parsed.values.config, io, { json });
  if (typeof loaded === 'number') return loaded;
  return { ...loaded, json };
}
