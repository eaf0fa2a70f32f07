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
 * Loads the config for a CLI command; prints the problems and returns 2 when refused: one
 * `refused: …` line each on stderr, then `clauster <command>: config refused`; with `json`
 * also the error body `{"error":{"code":"config-invalid","message"}}` (the problems joined)
 * alone on stdout. `searchCwd: false` skips `./clauster.yml` (see LoadOptions.searchCwd;
 * `clauster mcp`).
 */
export async function loadCliConfig(
  command: string,
  configPath: string | undefined,
  io: CliIo,
  options: { searchCwd?: boolean; json?: boolean } = {},
): Promise<Config | number> {
  try {
    const { searchCwd = true } = options;
    const load = { cwd: io.cwd, searchCwd, ...(configPath === undefined ? {} : { configPath }) };
    return (await loadConfig(load, io.deps)).config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const problems = error.problems.map(formatProblem);
    for (const problem of problems) io.stderr(`refused: ${problem}\n`);
    io.stderr(`clauster ${command}: config refused\n`);
    if (options.json === true) {
      const message = `config refused: ${problems.join('; ')}`;
      io.stdout(`${JSON.stringify({ error: { code: 'config-invalid', message } }, null, 2)}\n`);
    }
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
  const json = parsed.values.json === true;
  const config = await loadCliConfig(options.command, parsed.values.config, io, { json });
  if (typeof config === 'number') return config;
  return { config, json };
}
