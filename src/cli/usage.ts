/**
 * `clauster usage <transcript.jsonl|project>`: tokens per model and approximate cost, from one
 * Claude Code transcript file or every transcript of a project (src/projects/usage.ts).
 */
import { resolve } from 'node:path';
import { listProjectDirectories } from '../bridges/external-bridge.js';
import { buildDiscoveryOptions, resolveBridgeEnv } from '../bridges/supervisor-config.js';
import type { Config } from '../config/schema.js';
import { resolveProject } from '../projects/discovery.js';
import { PRICES_CHECKED_ON } from '../projects/model-prices.js';
import { readFileUsage, readProjectUsage, toUsageSettings } from '../projects/usage.js';
import type { UsageReport } from '../projects/usage-report.js';
import { redactText } from '../security/redact.js';
import { CONFIG_JSON_OPTIONS, parseCommandArgs } from './args.js';
import { loadCliConfig } from './command-config.js';
import type { CliIo } from './io.js';
import { formatUsageText } from './usage-output.js';

const USAGE = `Usage: clauster usage <transcript.jsonl|project> [--config PATH] [--json]

Tokens per model and an approximate cost, from the transcripts Claude Code writes.
An argument that contains '/' or ends in .jsonl is a transcript file; anything else is a
project name under projects_root, whose transcripts under ~/.claude/projects (or
$CLAUDE_CONFIG_DIR/projects) are summed. Each message is counted once. Prices come from a
hand-kept table (last checked ${PRICES_CHECKED_ON}); a model it does not name shows no cost.
The usage.* settings (currency, fx_rate, token_total_includes_cache; mode tokens hides the
cost column, mode off only hides the dashboard badge) are read from the config when there is
one; none is needed for a file, but a config that is found and invalid is still an error.

Options:
  -c, --config PATH   Config file (else $CLAUSTER_CONFIG, ./clauster.yml, $CLAUSTER_HOME/clauster.yml)
  --json              Print {project, mode, usage} as GET /api/projects/{name}/usage does
                      (a file: {project: null, file, mode, usage})
  -h, --help

Exit status: 0 ok, 1 unreadable file or unknown project, 2 usage or config error.
`;

function isFileArgument(argument: string): boolean {
  return argument.includes('/') || argument.endsWith('.jsonl');
}

function print(
  io: CliIo,
  json: boolean,
  document: { project: string | null; file?: string; mode: Config['usage']['mode'] },
  usage: UsageReport,
): number {
  if (json) io.stdout(`${JSON.stringify({ ...document, usage }, null, 2)}\n`);
  else io.stdout(formatUsageText(usage, document.mode));
  return 0;
}

async function reportProject(
  name: string,
  config: Config,
  json: boolean,
  io: CliIo,
): Promise<number> {
  const discovery = buildDiscoveryOptions(config);
  const project = await resolveProject(name, discovery, io.deps);
  if (!project.ok) {
    io.stderr(`clauster usage: ${redactText(project.detail)}\n`);
    return project.code === 'invalid-project-name' ? 2 : 1;
  }
  const directories = listProjectDirectories(project.value, discovery.projectsRoot);
  const deps = { fs: io.deps.fs, env: resolveBridgeEnv(config, io.env), home: io.deps.home };
  const usage = await readProjectUsage(directories, toUsageSettings(config.usage), deps);
  return print(io, json, { project: project.value.name, mode: config.usage.mode }, usage);
}

/** Prints the usage of a transcript file or a project; exit 0 ok, 1 unreadable, 2 usage. */
export async function runUsage(argv: string[], io: CliIo): Promise<number> {
  const spec = { spec: CONFIG_JSON_OPTIONS, usage: USAGE, maxPositionals: 1 };
  const parsed = parseCommandArgs(argv, spec, io);
  if (typeof parsed === 'number') return parsed;
  const argument = parsed.positionals[0];
  if (argument === undefined || argument === '') {
    io.stderr(`missing <transcript.jsonl|project>\n\n${USAGE}`);
    return 2;
  }
  const config = await loadCliConfig('usage', parsed.values.config, io);
  if (typeof config === 'number') return config;
  const json = parsed.values.json === true;
  if (!isFileArgument(argument)) return reportProject(argument, config, json, io);
  const settings = toUsageSettings(config.usage);
  const path = resolve(io.cwd, argument);
  const read = await readFileUsage(path, settings, io.deps);
  if (!read.ok) {
    io.stderr(`clauster usage: ${redactText(read.detail)}\n`);
    return 1;
  }
  return print(io, json, { project: null, file: path, mode: settings.mode }, read.value);
}
