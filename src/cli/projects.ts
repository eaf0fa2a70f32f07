/**
 * `clauster projects`: the projects under projects_root with trust, git and bridge status;
 * `clauster projects create <name>` is dispatched to src/cli/project-create.ts.
 */
import { checkBridgesAlive } from '../bridges/liveness.js';
import { readRegistry } from '../bridges/registry.js';
import { buildDiscoveryOptions, resolveBridgeEnv } from '../bridges/supervisor-config.js';
import type { Config } from '../config/schema.js';
import type { DiscoveryError } from '../projects/discovery.js';
import { describeProjects, type ProjectView } from '../projects/project-view.js';
import type { Result } from '../result.js';
import type { Deps, Env } from '../system/ports.js';
import { formatProjectsTable } from './bridge-output.js';
import { parseConfigCommand } from './command-config.js';
import { reportFailure } from './failure-output.js';
import type { CliIo } from './io.js';
import { describeDefaultProjectsRoot } from './no-config-note.js';
import { runProjectsCreate } from './project-create.js';

const USAGE = `Usage: clauster projects [--config PATH] [--json]
       clauster projects create <name> [--git] [--json] [--config PATH]

List the projects (child directories of projects_root) with their trust state exactly as the
claude CLI decides it, whether they are git repositories, and their bridge. No server needed.
\`projects create\` makes a new empty project (see \`clauster projects create --help\`).

Options:
  -c, --config PATH   Config file (else $CLAUSTER_CONFIG, ./clauster.yml, $CLAUSTER_HOME/clauster.yml)
  --json              Print {projects:[{name, path, trusted, trust_reason, git, allow_bypass_permissions, bridge, external_bridge, last_used_at}]}
  -h, --help
`;

/** What `clauster projects --json` lists, plus the warning for an unreadable bridges.json. */
export interface ProjectListing {
  projects: Result<ProjectView[], DiscoveryError>;
  warning: string | null;
}

/**
 * The projects with trust, git and bridge state: what `clauster projects` prints and the MCP
 * `list_projects` tool returns. Reads only; an unreadable registry means no bridges shown.
 */
export async function readProjectListing(
  config: Config,
  env: Env,
  deps: Deps,
): Promise<ProjectListing> {
  const records = await readRegistry(config.state_dir, deps);
  const bridges = records.ok ? await checkBridgesAlive(records.value, deps) : [];
  const projects = await describeProjects(
    buildDiscoveryOptions(config),
    { bridgeEnv: resolveBridgeEnv(config, env), home: deps.home, bridges },
    deps,
  );
  return { projects, warning: records.ok ? null : records.detail };
}

/**
 * Prints the projects; exit 0, 1 when projects_root is unusable, 2 for usage/config errors.
 * No project listed and no config file found: a note on stderr says which projects_root that was.
 */
export async function runProjects(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'create') return runProjectsCreate(argv.slice(1), io);
  const command = await parseConfigCommand(argv, { command: 'projects', usage: USAGE }, io);
  if (typeof command === 'number') return command;
  const { config, json, source } = command;
  const { projects, warning } = await readProjectListing(config, io.env, io.deps);
  if (warning !== null) io.stderr(`warning: ${warning}\n`);
  const note = source === null ? `note: ${describeDefaultProjectsRoot(config)}\n` : '';
  if (!projects.ok) {
    const failure = { code: projects.code, message: projects.detail, exitCode: 1 };
    reportFailure({ command: 'projects', json }, failure, io);
    io.stderr(note);
    return 1;
  }
  io.stdout(
    json
      ? `${JSON.stringify({ projects: projects.value }, null, 2)}\n`
      : formatProjectsTable(projects.value),
  );
  if (note !== '' && projects.value.length === 0) io.stderr(note);
  return 0;
}
