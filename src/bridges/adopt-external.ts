/**
 * Adopting a live `claude remote-control` started outside clauster (clauster.md §3.1 "Adopt"):
 * it becomes a managed bridge without a restart. Invariant: nothing the page showed is
 * trusted; at adopt time the project and its trust, the pointer's writer (pid + start ticks),
 * its command line, its cwd, its options against the project's bypass ceiling and the caps are
 * all checked again, under the same per-project slot a start takes. Its output was never
 * captured: the record gets an empty log set. Its process group is signalled only when it
 * leads it (stop-tracked.ts).
 */
import { resolveUnflaggedSpawnMode } from '../claude/spawn-mode.js';
import {
  type DiscoveryOptions,
  type Project,
  type ResolveError,
  resolveProject,
} from '../projects/discovery.js';
import { fail, ok, type Result } from '../result.js';
import type { Clock, Env, Fs, Processes } from '../system/ports.js';
import { type BridgeEnvOptions, buildBridgeEnv } from './argv.js';
import { type BridgeCommand, readBridgeCommand } from './bridge-command.js';
import { createLogFiles, resolveLogFiles } from './bridge-launch.js';
import type { BridgeTracker, Ended, Tracked } from './bridge-tracker.js';
import {
  describeUnverifiedWriter,
  type ExternalBridge,
  findExternalBridge,
  listProjectDirectories,
  ownBridgePids,
} from './external-bridge.js';
import { type LaunchChoice, type LaunchDefaults, resolveLaunchOptions } from './launch-options.js';
import type { LaunchSlots } from './launch-slots.js';
import { checkProjectTrust } from './preflight.js';
import { type Bridge, type BridgeRecord, createBridgeId, toBridge } from './record.js';
import type { Transitions } from './transitions.js';
import { buildEnvironmentUrl, isConnectUrl } from './url.js';

export type AdoptError =
  | ResolveError
  | 'untrusted'
  | 'claude-config-invalid'
  | 'already-running'
  | 'max-bridges'
  | 'nothing-to-adopt'
  | 'unverified-bridge'
  | 'not-adoptable'
  | 'bypass-refused'
  | 'supervisor-closed';

/** What adopting needs from the supervisor: its config and its parts. */
export interface AdoptContext {
  stateDir: string;
  /** logs.redact_session_url: the set gets the `.raw.log` names a launched bridge writes. */
  rawLogs?: boolean;
  discovery: DiscoveryOptions;
  env: BridgeEnvOptions;
  defaults: LaunchDefaults;
  bypassAllowed: boolean;
  livenessMs: number;
  tracker: BridgeTracker;
  slots: LaunchSlots;
  changes: Transitions;
  onEnded(t: Tracked, ended: Ended): Promise<void>;
  /** True once the supervisor is closing: nothing is adopted from then on. */
  isClosing(): boolean;
}

export interface AdoptDeps {
  fs: Fs;
  clock: Clock;
  env: Env;
  home: string;
  processes: Processes;
}

/** What was checked about the process: its argv, cwd and the launch options it runs with. */
interface Checked {
  external: ExternalBridge;
  cmdline: string[];
  cwd: string;
  startTicks: number;
  bootId: string;
  choice: LaunchChoice;
}

/** Adopts the outside bridge of `projectName` as a running, managed bridge. */
export async function adoptExternalBridge(
  projectName: unknown,
  context: AdoptContext,
  deps: AdoptDeps,
): Promise<Result<Bridge, AdoptError>> {
  const project = await resolveProject(projectName, context.discovery, deps);
  if (!project.ok) return project;
  const { name } = project.value;
  const slot = context.slots.claim(name);
  if (!slot.ok) return slot;
  try {
    const checked = await checkOutsideBridge(project.value, context, deps);
    if (!checked.ok) return checked;
    const record = await buildAdoptedRecord(name, checked.value, context, deps);
    // Closed while checking: a closed supervisor would watch it but never save it.
    if (context.isClosing())
      return fail('supervisor-closed', 'the supervisor is shutting down; nothing was adopted');
    const t = context.tracker.add(record);
    context.tracker.attachAdopted(t, context.livenessMs, (ended) => context.onEnded(t, ended));
    await context.changes.apply(t, {}, { created: true });
    context.changes.note(t, 'bridge.adopted', { pid: t.record.pid, cwd: t.record.cwd });
    return ok(toBridge(t.record));
  } finally {
    context.slots.release(name);
  }
}

async function checkOutsideBridge(
  project: Project,
  context: AdoptContext,
  deps: AdoptDeps,
): Promise<Result<Checked, AdoptError>> {
  const { name } = project;
  const directories = listProjectDirectories(project, context.discovery.projectsRoot);
  const own = ownBridgePids(context.tracker.all().map((t) => t.record));
  // The pointer folder and .claude.json are the ones the bridge env picks (its
  // CLAUDE_CONFIG_DIR), as for start; an untrusted project is refused as a start refuses it.
  const env = buildBridgeEnv(deps.env, context.env).env;
  const trust = await checkProjectTrust(project, { env, home: deps.home }, deps);
  if (!trust.ok) return trust;
  const { external } = await findExternalBridge(directories, own, { ...deps, env });
  if (external === null) {
    return fail(
      'nothing-to-adopt',
      `project ${name}: no live \`claude remote-control\` started outside clauster serves it (any more), so there is nothing to adopt`,
    );
  }
  const { pid, identity } = external;
  if (!external.verified) {
    const why = describeUnverifiedWriter(external);
    return fail(
      'unverified-bridge',
      `project ${name}: ${why}, then stop it and start the project from clauster`,
    );
  }
  const placement = await deps.processes.placement(pid);
  // The identity is the one the pointer check matched; the cwd and group must be read from
  // that same process, not from one that took the pid since.
  if (placement === null || placement.startTicks !== identity.startTicks) {
    return fail(
      'nothing-to-adopt',
      `project ${name}: pid ${pid} ended or was replaced before it could be adopted; nothing was adopted`,
    );
  }
  const command = readBridgeCommand(identity.cmdline);
  if (!command.ok) return fail(command.code, `project ${name}: pid ${pid}: ${command.detail}`);
  if (placement.cwd === null || !directories.includes(placement.cwd)) {
    const where = placement.cwd === null ? 'an unreadable directory' : placement.cwd;
    return fail(
      'not-adoptable',
      `project ${name}: pid ${pid} runs in ${where}, not in ${project.path} (bridge pointers of similar paths share a folder); stop it and start the project from clauster instead`,
    );
  }
  // No --spawn: the CLI runs with the mode saved for its cwd in .claude.json. A `w` toggle
  // pressed in its terminal since it started is not visible from outside.
  const spawnMode =
    command.value.spawnMode ??
    resolveUnflaggedSpawnMode(trust.value.config, placement.cwd, project.git);
  const choice = checkOptions(project, { ...command.value, spawnMode }, context);
  if (!choice.ok) return fail(choice.code, `project ${name}: pid ${pid}: ${choice.detail}`);
  return ok({
    external,
    cmdline: identity.cmdline,
    cwd: placement.cwd,
    startTicks: identity.startTicks,
    bootId: identity.bootId,
    choice: choice.value,
  });
}

// The same option rules and bypass ceiling as a start. No typed confirmation: adopting starts
// nothing new (a restart asks for it again); the project setting and auth posture still apply.
function checkOptions(
  project: Project,
  command: BridgeCommand,
  context: AdoptContext,
): Result<LaunchChoice, 'not-adoptable' | 'bypass-refused'> {
  const choice = resolveLaunchOptions(
    {
      permission_mode: command.permissionMode ?? 'inherit',
      spawn_mode: command.spawnMode,
      capacity: command.capacity === undefined ? undefined : Number(command.capacity),
      name: command.name,
    },
    {
      defaults: context.defaults,
      project: { git: project.git, ...project.settings },
      bypassAllowed: context.bypassAllowed,
      configConfirmed: true,
    },
  );
  if (choice.ok) return choice;
  return fail(choice.code === 'bypass-refused' ? 'bypass-refused' : 'not-adoptable', choice.detail);
}

async function buildAdoptedRecord(
  project: string,
  checked: Checked,
  context: AdoptContext,
  deps: AdoptDeps,
): Promise<BridgeRecord> {
  const id = createBridgeId();
  // Empty files of the same shape as a launched bridge's (raw ones in hybrid mode, which log
  // upkeep mirrors): the log views work and show that nothing was captured before now.
  const logs = resolveLogFiles(context.stateDir, id, context.rawLogs === true);
  await createLogFiles(logs, deps);
  const environmentUrl =
    checked.external.environmentId === null
      ? null
      : buildEnvironmentUrl(checked.external.environmentId);
  return {
    id,
    project,
    status: 'running',
    url: environmentUrl !== null && isConnectUrl(environmentUrl) ? environmentUrl : null,
    pid: checked.external.pid,
    started_at: new Date(deps.clock.now()).toISOString(),
    stopped_at: null,
    reason: null,
    permission_mode: checked.choice.permissionMode,
    spawn_mode: checked.choice.spawnMode,
    name: checked.choice.name,
    cwd: checked.cwd,
    argv: checked.cmdline,
    log_dir: logs.dir,
    proc_start_ticks: checked.startTicks,
    boot_id: checked.bootId,
    intentional_stop: false,
    adopted: true,
  };
}
