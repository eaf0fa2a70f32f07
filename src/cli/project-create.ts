/**
 * `clauster projects create <name>`: create an empty project in projects_root locally (no
 * server) with the same core as POST /api/projects. Exit 0 created, 1 refused or failed
 * (an I/O error such as ENOSPC included), 2 usage or config error (as `clauster clone`: a bad
 * name or projects_root is fixed there).
 */

import { buildDiscoveryOptions } from '../bridges/supervisor-config.js';
import { createProject } from '../projects/create-project.js';
import { buildCreateEntry } from '../projects/project-audit.js';
import { CONFIG_JSON_OPTIONS, parseCommandArgs } from './args.js';
import { appendCliAudit } from './cli-audit.js';
import { loadCliConfig } from './command-config.js';
import { reportFailure, reportUsageError } from './failure-output.js';
import type { CliIo } from './io.js';

const CREATE_USAGE = `Usage: clauster projects create <name> [--git] [--json] [--config PATH]

Create an empty project directory projects_root/<name> (1–64 characters of [A-Za-z0-9._-],
starting with a letter or digit; a name containing ".." is refused). Nothing that exists is
ever replaced. Switched off with clone.enabled: false. No server needed. Audited as the
dashboard's (project.create in state_dir/audit.jsonl, marked "by": "cli"). See docs/clone.md.

Options:
  --git               Run \`git init\` in it (first branch main; no user or system git config)
  --json              Print {project:{name, path, git}} or {error:{code, message}}
  -c, --config PATH   Config file (else $CLAUSTER_CONFIG, ./clauster.yml, $CLAUSTER_HOME/clauster.yml)
  -h, --help

Exit status: 0 created; 1 refused (exists, switched off) or failed (git init, or an I/O
error such as ENOSPC or EROFS: create-failed); 2 usage, bad name, config error or unusable
projects_root.
`;

/** Refusals the operator fixes on the command line or in the config: exit 2. */
const USAGE_CODES = new Set(['invalid-project-name', 'projects-root-unavailable']);

/** Creates one project; exit 0 created, 1 refused or failed, 2 usage or config error. */
export async function runProjectsCreate(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(
    argv,
    {
      spec: { git: { type: 'boolean' }, ...CONFIG_JSON_OPTIONS },
      usage: CREATE_USAGE,
      maxPositionals: 1,
    },
    io,
  );
  if (typeof parsed === 'number') return parsed;
  const [name] = parsed.positionals;
  const json = parsed.values.json === true;
  if (name === undefined) {
    const error = { code: 'missing-argument', message: 'missing <name>', usage: CREATE_USAGE };
    return reportUsageError({ command: 'projects create', json }, error, io);
  }
  const config = await loadCliConfig('projects create', parsed.values.config, io, { json });
  if (typeof config === 'number') return config;
  const gitInit = parsed.values.git === true;
  const created = await createProject(
    name,
    { enabled: config.clone.enabled, discovery: buildDiscoveryOptions(config), gitInit },
    io.deps,
  );
  if (!created.ok) {
    const exitCode = USAGE_CODES.has(created.code) ? 2 : 1;
    const failure = { code: created.code, message: created.detail, exitCode };
    return reportFailure({ command: 'projects create', json }, failure, io);
  }
  const { path, git } = created.value;
  // The same entry as POST /api/projects (docs/operations.md#audit-trail).
  await appendCliAudit(config.state_dir, [buildCreateEntry(created.value, gitInit)], io);
  if (json) {
    io.stdout(`${JSON.stringify({ project: { name: created.value.name, path, git } }, null, 2)}\n`);
  } else {
    io.stdout(`created ${created.value.name} at ${path}${git ? ' (git repository)' : ''}\n`);
  }
  return 0;
}
