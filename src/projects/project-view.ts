/**
 * The project as the API and `clauster projects` show it: trust as the CLI decides, git, our
 * bridge, and a bridge running outside clauster (from the CLI's bridge pointer).
 */
import {
  describeUnverifiedWriter,
  type ExternalBridge,
  findExternalBridge,
  listProjectDirectories,
  ownBridgePids,
} from '../bridges/external-bridge.js';
import type { Bridge } from '../bridges/record.js';
import { isLiveStatus } from '../bridges/record.js';
import {
  decideDirectoryTrust,
  type LoadedTrustConfig,
  loadTrustConfig,
} from '../claude/trust-check.js';
import { ok, type Result } from '../result.js';
import type { Env, Fs, Processes } from '../system/ports.js';
import {
  type DiscoveryError,
  type DiscoveryOptions,
  listProjects,
  type Project,
} from './discovery.js';

export type ProjectView = {
  name: string;
  path: string;
  trusted: boolean;
  trust_reason: string;
  git: boolean;
  allow_bypass_permissions: boolean;
  bridge: Bridge | null;
  /**
   * A live `claude remote-control` for this project that clauster does not supervise;
   * `adoptable` when its pointer's writer is confirmed (the adopt route checks everything again).
   */
  external_bridge: ExternalBridgeView | null;
  /** The newest start or stop time of this project's recorded bridges (ISO), else null. */
  last_used_at: string | null;
};

export type ExternalBridgeView = { pid: number; adoptable: boolean; reason?: string };

export interface ViewOptions {
  /** The environment bridges run with (CLAUDE_CONFIG_DIR, CLAUDE_CODE_SANDBOXED). */
  bridgeEnv: Env;
  home: string;
  bridges: readonly Bridge[];
  /** The configured projects_root (a pointer may be keyed by the unresolved path). */
  projectsRoot?: string | undefined;
}

type ViewDeps = { fs: Fs; processes: Pick<Processes, 'identity'> };

/** The newest `started_at`/`stopped_at` of a project's bridges as ISO text, or null. */
export function findLastUsedAt(project: string, bridges: readonly Bridge[]): string | null {
  let newest = Number.NEGATIVE_INFINITY;
  for (const bridge of bridges) {
    if (bridge.project !== project) continue;
    for (const time of [bridge.started_at, bridge.stopped_at]) {
      const ms = time === null ? Number.NaN : Date.parse(time);
      if (ms > newest) newest = ms;
    }
  }
  return Number.isFinite(newest) ? new Date(newest).toISOString() : null;
}

/** The live bridge of a project, else its most recent one, else null. */
export function pickProjectBridge(project: string, bridges: readonly Bridge[]): Bridge | null {
  const own = bridges.filter((b) => b.project === project);
  const live = own.find((b) => isLiveStatus(b.status));
  if (live) return live;
  return own.reduce<Bridge | null>(
    (latest, b) => (latest === null || b.started_at > latest.started_at ? b : latest),
    null,
  );
}

function toView(
  project: Project,
  trust: { trusted: boolean; reason: string },
  bridges: readonly Bridge[],
  external: ExternalBridgeView | null,
): ProjectView {
  return {
    name: project.name,
    path: project.path,
    trusted: trust.trusted,
    trust_reason: trust.reason,
    git: project.git,
    allow_bypass_permissions: project.settings.allow_bypass_permissions,
    bridge: pickProjectBridge(project.name, bridges),
    external_bridge: external,
    last_used_at: findLastUsedAt(project.name, bridges),
  };
}

async function viewWith(
  project: Project,
  loaded: LoadedTrustConfig,
  options: ViewOptions,
  deps: ViewDeps,
): Promise<ProjectView> {
  const trust = await decideDirectoryTrust(project.path, loaded, options.bridgeEnv, deps);
  // Pointers of our own live bridges are not "outside"; warnings surface on start instead.
  const { external } = await findExternalBridge(
    listProjectDirectories(project, options.projectsRoot),
    ownBridgePids(options.bridges),
    { ...deps, env: options.bridgeEnv, home: options.home },
  );
  return toView(project, trust, options.bridges, external && describeOutside(external));
}

// Why not adoptable is said up front; the other checks (cmdline, cwd, options) run on adopt.
function describeOutside(external: ExternalBridge): ExternalBridgeView {
  const { pid } = external;
  if (external.verified) return { pid, adoptable: true };
  return { pid, adoptable: false, reason: describeUnverifiedWriter(external) };
}

/** Describes one discovered project. */
export async function describeProject(
  project: Project,
  options: ViewOptions,
  deps: ViewDeps,
): Promise<ProjectView> {
  const loaded = await loadTrustConfig({ env: options.bridgeEnv, home: options.home }, deps);
  return viewWith(project, loaded, options, deps);
}

/** Lists and describes every project under projects_root. */
export async function describeProjects(
  discovery: DiscoveryOptions,
  options: ViewOptions,
  deps: ViewDeps,
): Promise<Result<ProjectView[], DiscoveryError>> {
  const listed = await listProjects(discovery, deps);
  if (!listed.ok) return listed;
  // One read of .claude.json for the whole list (it can be large).
  const loaded = await loadTrustConfig({ env: options.bridgeEnv, home: options.home }, deps);
  const shown = { ...options, projectsRoot: options.projectsRoot ?? discovery.projectsRoot };
  const views: ProjectView[] = [];
  for (const project of listed.value) views.push(await viewWith(project, loaded, shown, deps));
  return ok(views);
}
