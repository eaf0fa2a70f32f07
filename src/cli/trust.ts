/**
 * `clauster trust <project>` / `clauster trust --all`: grant workspace trust in ~/.claude.json
 * (same writer and the same trust-all run as the API).
 */
import { buildDiscoveryOptions, resolveBridgeEnv } from '../bridges/supervisor-config.js';
import {
  createTrustWriter,
  resolveClaudeConfigPath,
  TrustFileError,
} from '../claude/trust-file.js';
import { resolveProject } from '../projects/discovery.js';
import { buildTrustAllEntries, buildTrustEntry } from '../projects/project-audit.js';
import { describeProject } from '../projects/project-view.js';
import { type TrustAllOptions, trustAllProjects } from '../projects/trust-all.js';
import { CONFIG_JSON_OPTIONS, parseCommandArgs } from './args.js';
import { readRefArg } from './bridge-arg.js';
import { appendCliAudit } from './cli-audit.js';
import { loadCliConfig } from './command-config.js';
import { type CommandOutput, reportFailure } from './failure-output.js';
import type { CliIo } from './io.js';

const USAGE = `Usage: clauster trust <project> [--config PATH] [--json]
       clauster trust --all [--config PATH] [--json]

Mark a project as trusted for the claude CLI: sets projects["<path>"].hasTrustDialogAccepted
in ~/.claude.json (or $CLAUDE_CONFIG_DIR/.claude.json), changing nothing else. A git repository
needs its own grant. A .claude.json that is not a JSON object is never replaced. Each grant
is appended to state_dir/audit.jsonl as the dashboard's (project.trust; with --all also
project.trust-all), marked "by": "cli".

Options:
  --all               Trust every project under projects_root that is not trusted yet (one
                      edit each; stops at the first failure and names what was not done)
  -c, --config PATH   Config file (else $CLAUSTER_CONFIG, ./clauster.yml, $CLAUSTER_HOME/clauster.yml)
  --json              Print {project, changed} (with --all: {results})
  -h, --help
`;

const SPEC = { all: { type: 'boolean' }, ...CONFIG_JSON_OPTIONS } as const;

// `--all`: every untrusted project; exit 0 when none failed, else 1.
async function trustAll(
  discovery: Parameters<typeof trustAllProjects>[0],
  options: TrustAllOptions & { json: boolean; stateDir: string },
  io: CliIo,
): Promise<number> {
  const report = await trustAllProjects(discovery, options, io.deps);
  const out = { command: 'trust', json: options.json };
  if (!report.ok) {
    return reportFailure(out, { code: report.code, message: report.detail, exitCode: 1 }, io);
  }
  const { outcomes, failure } = report.value;
  // The same entries as POST /api/projects/trust-all (docs/operations.md#audit-trail).
  await appendCliAudit(options.stateDir, buildTrustAllEntries(outcomes), io);
  if (options.json) io.stdout(`${JSON.stringify({ results: outcomes }, null, 2)}\n`);
  else if (outcomes.length === 0) io.stdout('every project is already trusted\n');
  for (const o of options.json ? [] : outcomes) {
    const line = `${o.outcome} ${o.project} (${o.path})${o.detail ? `: ${o.detail}` : ''}\n`;
    // A project not trusted is an error line: it says which command it comes from.
    if (o.outcome === 'failed' || o.outcome === 'skipped') io.stderr(`clauster trust: ${line}`);
    else io.stdout(line);
  }
  return failure === null ? 0 : 1;
}

// The project to trust (undefined with --all), or exit 2 after a usage error.
function readProjectArg(
  out: CommandOutput,
  given: { all: boolean; arg: string | undefined },
  io: CliIo,
): string | undefined | number {
  if (!given.all) return readRefArg(out, given.arg, { kind: 'project', usage: USAGE }, io);
  if (given.arg === undefined) return undefined;
  const message = '--all takes no <project>: give either a project or --all';
  const failure = { code: 'unexpected-argument', message, exitCode: 2, usage: USAGE };
  return reportFailure(out, failure, io);
}

/** Trusts one project; exit 0 ok, 1 refused or failed, 2 usage/config error. */
export async function runTrust(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(argv, { spec: SPEC, usage: USAGE, maxPositionals: 1 }, io);
  if (typeof parsed === 'number') return parsed;
  const out = { command: 'trust', json: parsed.values.json === true };
  const name = readProjectArg(
    out,
    { all: parsed.values.all === true, arg: parsed.positionals[0] },
    io,
  );
  if (typeof name === 'number') return name;
  const config = await loadCliConfig('trust', parsed.values.config, io, { json: out.json });
  if (typeof config === 'number') return config;
  const bridgeEnv = resolveBridgeEnv(config, io.env);
  const claudeHome = { env: bridgeEnv, home: bridgeEnv.HOME ?? io.deps.home };
  const writer = createTrustWriter(
    { stateDir: config.state_dir, configPath: resolveClaudeConfigPath(claudeHome) },
    io.deps,
  );
  if (name === undefined) {
    const stateDir = config.state_dir;
    const options = { bridgeEnv, home: io.deps.home, writer, json: out.json, stateDir };
    return trustAll(buildDiscoveryOptions(config), options, io);
  }
  const project = await resolveProject(name, buildDiscoveryOptions(config), io.deps);
  if (!project.ok) {
    const exitCode = project.code === 'projects-root-unavailable' ? 1 : 2;
    return reportFailure(out, { code: project.code, message: project.detail, exitCode }, io);
  }
  let changed: boolean;
  try {
    changed = await writer.setTrusted(project.value.path);
  } catch (error) {
    if (!(error instanceof TrustFileError)) throw error;
    return reportFailure(out, { code: error.code, message: error.message, exitCode: 1 }, io);
  }
  // The same entry as POST /api/projects/<name>/trust (docs/operations.md#audit-trail).
  await appendCliAudit(config.state_dir, [buildTrustEntry(project.value, changed)], io);
  const view = await describeProject(
    project.value,
    { bridgeEnv, home: io.deps.home, bridges: [] },
    io.deps,
  );
  if (parsed.values.json) {
    // Bridge state is `clauster projects`' job: this view was built without the registry.
    const { bridge: _bridge, external_bridge: _external, ...shown } = view;
    io.stdout(`${JSON.stringify({ project: shown, changed }, null, 2)}\n`);
  } else {
    io.stdout(
      changed
        ? `trusted ${view.name} (${view.path}) in ${writer.path}\n`
        : `${view.name} was already trusted (${view.path})\n`,
    );
  }
  return 0;
}
