/** The config a CLI command runs with: loaded like `run` loads it, refusals printed. */
import { loadConfig } from '../config/load.js';
import { ConfigError, formatProblem } from '../config/problems.js';
import type { Config } from '../config/schema.js';
import { CONFIG_JSON_OPTIONS, parseCommandArgs } from './args.js';
import type { CliIo } from './io.js';

/** A parsed command that takes only `-c/--config`, `--json` and `-h/--help`, with its config. */
export interface ConfigCommand {
  config: Config;
  json: boolean;
}

/**
 * Loads the config for a CLI command; prints the problems and returns 2 when refused.
 * `searchCwd: false` skips `./clauster.yml` (see LoadOptions.searchCwd; `clauster mcp`).
 */
export async function loadCliConfig(
  command: string,
  configPath: string | undefined,
  io: CliIo,
  search: { searchCwd?: boolean } = {},
): Promise<Config | number> {
  try {
    const { searchCwd = true } = search;
    const options = { cwd: io.cwd, searchCwd, ...(configPath === undefined ? {} : { configPath }) };
    return (await loadConfig(options, io.deps)).config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) io.stderr(`refused: ${formatProblem(problem)}\n`);
    io.stderr(`clauster ${command}: config refused\n`);
    return 2;
  }
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
  const parsed = parseCommandArgs(argv, { spec: CONFIG_JSON_OPTIONS, usage: options.usage }, io);
  if (typeof parsed === 'number') return parsed;
  const config = await loadCliConfig(options.command, parsed.values.config, io);
  if (typeof config === 'number') return config;
  return { config, json: parsed.values.json === true };
}
