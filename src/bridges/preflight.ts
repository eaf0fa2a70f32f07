/**
 * Everything checked before a bridge is spawned, in order (clauster.md §3.1 "pre-spawn checks"):
 * project name and containment, options and the bypass ceiling, trust, a bridge running outside
 * clauster, the binary. Invariant: a refusal here leaves no file, record or process behind.
 */
import { checkDirectoryTrust } from '../claude/trust-check.js';
import {
  type DiscoveryOptions,
  type Project,
  type ResolveError,
  resolveProject,
} from '../projects/discovery.js';
import { fail, ok, type Result } from '../result.js';
import type { Env, Fs, Logger, Processes } from '../system/ports.js';
import { type BridgeEnvOptions, buildBridgeEnv } from './argv.js';
import { resolveBinary } from './binary.js';
import {
  describeExternalBridge,
  findExternalBridge,
  listProjectDirectories,
} from './external-bridge.js';
import {
  type LaunchChoice,
  type LaunchDefaults,
  type LaunchError,
  resolveLaunchOptions,
  type StartRequest,
} from './launch-options.js';

export interface PreflightOptions {
  binary: string;
  env: BridgeEnvOptions;
  defaults: LaunchDefaults;
  discovery: DiscoveryOptions;
  bypassAllowed: boolean;
  configConfirmed?: boolean;
  /** Pids of the bridges this supervisor runs: their pointers are not foreign. */
  ownBridgePids?: ReadonlySet<number>;
}

export interface Preflight {
  project: Project;
  choice: LaunchChoice;
  env: Record<string, string>;
  binaryPath: string;
}

export type PreflightError =
  | ResolveError
  | LaunchError
  | 'untrusted'
  | 'bridged-elsewhere'
  | 'binary-not-found';

/** Runs the pre-spawn checks for one start request. */
export async function runPreflight(
  projectName: unknown,
  request: StartRequest,
  options: PreflightOptions,
  deps: {
    fs: Fs;
    env: Env;
    home: string;
    processes: Pick<Processes, 'identity'>;
    logger?: Logger;
  },
): Promise<Result<Preflight, PreflightError>> {
  const project = await resolveProject(projectName, options.discovery, deps);
  if (!project.ok) return project;
  const choice = resolveLaunchOptions(request, {
    defaults: options.defaults,
    project: { git: project.value.git, ...project.value.settings },
    bypassAllowed: options.bypassAllowed,
    configConfirmed: options.configConfirmed ?? false,
  });
  if (!choice.ok) return choice;
  const { env } = buildBridgeEnv(deps.env, options.env);
  const trust = await checkDirectoryTrust(project.value.path, { env, home: deps.home }, deps);
  if (!trust.trusted) {
    const why =
      trust.detail ?? `the claude CLI does not trust ${project.value.path} (${trust.reason})`;
    return fail(
      'untrusted',
      `project ${project.value.name}: ${why}; trust first (POST /api/projects/${project.value.name}/trust or \`clauster trust ${project.value.name}\`)`,
    );
  }
  // The pointer folder is the one the bridge would use (its env's CLAUDE_CONFIG_DIR).
  const { name } = project.value;
  const outside = await findExternalBridge(
    listProjectDirectories(project.value, options.discovery.projectsRoot),
    options.ownBridgePids ?? new Set(),
    { ...deps, env },
  );
  for (const warning of outside.warnings) deps.logger?.warn(warning, { project: name });
  if (outside.external !== null) {
    return fail('bridged-elsewhere', describeExternalBridge(name, outside.external));
  }
  const binary = await resolveBinary(options.binary, env.PATH, deps);
  if (!binary.ok) return binary;
  return ok({
    project: project.value,
    choice: choice.value,
    env,
    binaryPath: binary.value,
  });
}
