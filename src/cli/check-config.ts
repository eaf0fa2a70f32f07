/** `clauster check-config`: the exact verdict `run` would reach, without starting anything. */
import { type ConfigVerdict, checkConfig } from '../config/verdict.js';
import {
  checkStateVersions,
  STATE_SCHEMA_VERSION,
  StateVersionError,
} from '../state/schema-version.js';
import { CONFIG_JSON_OPTIONS, parseCommandArgs } from './args.js';
import type { CliIo } from './io.js';
import { describeAccepted, printVerdict, toVerdictJson } from './verdict-output.js';

const USAGE = `Usage: clauster check-config [--config PATH] [--json]

Load and validate the config exactly as \`clauster run\` does, then exit:
0 when it would start, 2 when it would be refused (one line per problem).

Options:
  -c, --config PATH   Config file (else $CLAUSTER_CONFIG, ./clauster.yml, $CLAUSTER_HOME/clauster.yml)
  --json              Print {ok, source, problems, warnings, bind}
  -h, --help
`;

/** `run` refuses a state_dir written by a newer clauster, so check-config does too (read-only). */
async function checkStateDir(verdict: ConfigVerdict, io: CliIo): Promise<ConfigVerdict> {
  if (!verdict.ok) return verdict;
  try {
    await checkStateVersions(verdict.config.state_dir, io.deps);
    return verdict;
  } catch (error) {
    if (!(error instanceof StateVersionError)) throw error;
    const { source, warnings } = verdict;
    const expected = `state written by this clauster (schema_version ≤ ${STATE_SCHEMA_VERSION}); upgrade clauster or restore a backup`;
    const found = `${error.file} with schema_version ${error.found}`;
    return { ok: false, source, warnings, problems: [{ path: 'state_dir', expected, found }] };
  }
}

/**
 * An accepted config without projects_root starts, but lists nothing: a warning with the key
 * to add (as doctor's projects_root row). Only here: `run` itself starts without it.
 */
function warnNoProjectsRoot(verdict: ConfigVerdict): ConfigVerdict {
  if (!verdict.ok || verdict.config.projects_root !== undefined) return verdict;
  const where = verdict.source ?? 'a config file (clauster init writes one)';
  const warning = `projects_root is not set: the dashboard lists no projects; add \`projects_root: ~/projects\` (an existing directory whose children are projects) to ${where}, or set CLAUSTER_PROJECTS_ROOT`;
  return { ...verdict, warnings: [...verdict.warnings, warning] };
}

/** Validates the config; exit 0 ok, 2 refused. */
export async function runCheckConfig(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(argv, { spec: CONFIG_JSON_OPTIONS, usage: USAGE }, io);
  if (typeof parsed === 'number') return parsed;
  const { config: configPath, json } = parsed.values;
  const checked = await checkStateDir(
    await checkConfig(
      configPath === undefined ? { cwd: io.cwd } : { cwd: io.cwd, configPath },
      io.deps,
    ),
    io,
  );
  const verdict = warnNoProjectsRoot(checked);
  if (json) {
    io.stdout(`${JSON.stringify(toVerdictJson(verdict), null, 2)}\n`);
    return verdict.ok ? 0 : 2;
  }
  // No command name: `run` prints these exact lines (test/cli/run.test.ts holds them equal).
  printVerdict(verdict, io);
  if (!verdict.ok) return 2;
  io.stdout(`${describeAccepted(verdict)}\n`);
  return 0;
}
