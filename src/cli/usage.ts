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
import { reportFailure, reportUsageError } from './failure-output.js';
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
                      (a file: {project: null, file, mode, usage}); a failure prints
                      {"error":{"code","message"}}
  -h, --help

Exit status: 0 ok, 1 unreadable file or unknown project, 2 usage or config error (an
argument that is neither a transcript path nor a usable project name included).
`;

function isFileArgument(argument: string): boolean {
  return argument.includes('/') || argument.endsWith('.jsonl');
}

// What the argument was taken for and how to say what was meant, so a file name without '/'
// is not a puzzle ("projects_root: expected a directory" for `clauster usage notes.txt`).
function describeProjectFailure(argument: string, detail: string, code: string): string {
  const shown = JSON.stringify(redactText(argument));
  const asFile = `to read a transcript file, give its path with a '/' (${JSON.stringify(`./${redactText(argument)}`)})`;
  const asProject =
    code === 'projects-root-unavailable'
      ? 'to read a project, set projects_root in the config'
      : 'to read a project, give its directory name under projects_root';
  return `${shown} was taken for a project name (it has no '/' and does not end in .jsonl): ${redactText(detail)}; ${asFile}; ${asProject}`;
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
    // Not found is an operation failure; a name that cannot be one (bad name, no usable
    // projects_root) means the argument is neither reading: a usage error.
    const exitCode = project.code === 'unknown-project' || project.code === 'path-escape' ? 1 : 2;
    const message = describeProjectFailure(name, project.detail, project.code);
    return reportFailure({ command: 'usage', json }, { code: project.code, message, exitCode }, io);
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
  const json = parsed.values.json === true;
  if (argument === undefined || argument === '') {
    const error = { code: 'missing-argument', message: 'missing <transcript.jsonl|project>' };
    return reportUsageError({ command: 'usage', json }, { ...error, usage: USAGE }, io);
  }
  const config = await loadCliConfig('usage', parsed.values.config, io, { json });
  if (typeof config === 'number') return config;
  if (!isFileArgument(argument)) return reportProject(argument, config, json, io);
  const settings = toUsageSettings(config.usage);
  const path = resolve(io.cwd, argument);
  const read = await readFileUsage(path, settings, io.deps);
  if (!read.ok) {
    return reportFailure(
      { command: 'usage', json },
      { code: read.code, message: read.detail, exitCode: 1 },
      io,
    );
  }
  return print(io, json, { project: null, file: path, mode: settings.mode }, read.value);
}
