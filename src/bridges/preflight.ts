/**
 * Everything checked before a bridge is spawned, in order (clauster.md §3.1 "pre-spawn checks"):
 * project name and containment, options and the bypass ceiling, trust, a bridge running outside
 * clauster, the binary. Invariant: a refusal here leaves no file, record or process behind.
 */
import {
  decideDirectoryTrust,
  type LoadedTrustConfig,
  loadTrustConfig,
} from '../claude/trust-check.js';
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
  | 'claude-config-invalid'
  | 'bridged-elsewhere'
  | 'binary-not-found';

/**
 * Trust as a bridge running with `env` would see it; on success, the `.claude.json` it read
 * (a start and an adopt refuse an untrusted project with the same code and words). A file
 * that cannot be read or parsed is its own refusal: trusting would not help, repairing does.
 * The advice names the CLI and the dashboard only: the trust route is not in the public API.
 */
export async function checkProjectTrust(
  project: Pick<Project, 'name' | 'path'>,
  options: { env: Env; home: string },
  deps: { fs: Fs },
): Promise<Result<LoadedTrustConfig, 'untrusted' | 'claude-config-invalid'>> {
  const loaded = await loadTrustConfig(options, deps);
  if (loaded.detail !== null) {
    // The detail names the file and what is wrong with it, never its content.
    return fail(
      'claude-config-invalid',
      `project ${project.name}: ${loaded.detail}; repair that file (the claude CLI keeps its settings there as one JSON object), then try again`,
    );
  }
  const trust = await decideDirectoryTrust(project.path, loaded, options.env, deps);
  if (trust.trusted) return ok(loaded);
  const why = trust.detail ?? `the claude CLI does not trust ${project.path} (${trust.reason})`;
  return fail(
    'untrusted',
    `project ${project.name}: ${why}; trust first (run \`clauster trust ${project.name}\`, or press Trust… on its card in the dashboard)`,
  );
}

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
  const trust = await checkProjectTrust(project.value, { env, home: deps.home }, deps);
  if (!trust.ok) return trust;
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
