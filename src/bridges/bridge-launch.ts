/**
 * Spawns one bridge: its own log directory (files created 0600 with O_EXCL), then the binary,
 * detached, stdin from /dev/null, stdout/stderr to files. Invariant: when the spawn fails the
 * log directory is removed again, so a refused start leaves nothing behind.
 */
import { dirname } from 'node:path';
import { fail, ok, type Result } from '../result.js';
import type { ChildHandle, Fs, Processes, ProcessIdentity, Spawn } from '../system/ports.js';
import { buildBridgeArgv } from './argv.js';
import type { LaunchChoice } from './launch-options.js';
import { logFilePath, logSetDir } from './log-paths.js';
import type { BridgeRecord } from './record.js';

export interface LogFiles {
  dir: string;
  debug: string;
  stdout: string;
  stderr: string;
}

export interface LaunchInput {
  id: string;
  stateDir: string;
  cwd: string;
  projectName: string;
  choice: LaunchChoice;
  env: Record<string, string>;
  binaryPath: string;
  /** logs.redact_session_url: the bridge writes private `<stream>.raw.log` files instead. */
  rawLogs?: boolean;
}

export interface Launched {
  child: ChildHandle;
  pid: number;
  identity: ProcessIdentity | null;
  argv: string[];
  logs: LogFiles;
}

/**
 * The per-spawn log paths the bridge writes: state_dir/logs/<bridgeId>/{debug,stdout,stderr}.log,
 * or the private `.raw.log` copies in hybrid mode (log maintenance keeps the redacted mirrors).
 */
export function resolveLogFiles(stateDir: string, id: string, raw = false): LogFiles {
  return {
    dir: logSetDir(stateDir, id),
    debug: logFilePath(stateDir, id, 'debug', raw),
    stdout: logFilePath(stateDir, id, 'stdout', raw),
    stderr: logFilePath(stateDir, id, 'stderr', raw),
  };
}

/** Creates a log set directory (0700) with its three empty files (0600, never existing before). */
export async function createLogFiles(logs: LogFiles, deps: { fs: Fs }): Promise<void> {
  await deps.fs.mkdir(dirname(logs.dir), { recursive: true, mode: 0o700 });
  await deps.fs.mkdir(logs.dir, { mode: 0o700 });
  for (const file of [logs.debug, logs.stdout, logs.stderr]) {
    const handle = await deps.fs.open(file, 'wx', 0o600);
    await handle.close();
  }
}

/** What a launch will run: its log files and the arguments after the binary (pure). */
export interface LaunchPlan {
  logs: LogFiles;
  argv: string[];
}

/** Plans a launch: the log set of `input.id` and the `claude remote-control` arguments. */
export function planLaunch(input: LaunchInput): LaunchPlan {
  const logs = resolveLogFiles(input.stateDir, input.id, input.rawLogs === true);
  const argv = buildBridgeArgv({
    name: input.choice.name ?? input.projectName,
    permissionMode: input.choice.permissionMode,
    spawnMode: input.choice.spawnMode,
    capacity: input.choice.capacity,
    sessionNamePrefix: input.choice.sessionNamePrefix,
    verbose: input.choice.verbose,
    debugFile: logs.debug,
  });
  return { logs, argv };
}

/** Creates the log files and spawns the bridge as planned; on failure nothing is left behind. */
export async function launchBridge(
  input: LaunchInput,
  plan: LaunchPlan,
  deps: { fs: Fs; spawn: Spawn; processes: Processes },
): Promise<Result<Launched, 'spawn-failed'>> {
  const { logs, argv } = plan;
  try {
    await createLogFiles(logs, deps);
  } catch (error) {
    await deps.fs.rm(logs.dir, { recursive: true, force: true });
    throw error;
  }
  const child = deps.spawn(input.binaryPath, argv, {
    cwd: input.cwd,
    env: input.env,
    detached: true,
    stdin: 'ignore',
    stdout: { file: logs.stdout, append: true },
    stderr: { file: logs.stderr, append: true },
  });
  if (child.pid === undefined) {
    const result = await child.exited;
    await deps.fs.rm(logs.dir, { recursive: true, force: true });
    const why = result.spawnError?.code ?? 'unknown error';
    return fail('spawn-failed', `claude.binary: could not start ${input.binaryPath} (${why})`);
  }
  const identity = await deps.processes.identity(child.pid);
  return ok({ child, pid: child.pid, identity, argv, logs });
}

/**
 * The first record of a bridge, written before it is spawned (status `starting`, no pid yet):
 * its id, project, log set and command line, so a dashboard that dies during the launch
 * finds the process again by its `--debug-file` (launch-recovery.ts).
 */
export function buildLaunchingRecord(
  input: LaunchInput,
  plan: LaunchPlan,
  startedAt: string,
): BridgeRecord {
  return {
    id: input.id,
    project: input.projectName,
    status: 'starting',
    url: null,
    pid: null,
    started_at: startedAt,
    stopped_at: null,
    reason: null,
    permission_mode: input.choice.permissionMode,
    spawn_mode: input.choice.spawnMode,
    name: input.choice.name,
    cwd: input.cwd,
    argv: [input.binaryPath, ...plan.argv],
    log_dir: plan.logs.dir,
    proc_start_ticks: null,
    boot_id: null,
    intentional_stop: false,
  };
}

/** What the spawn adds to the launching record: the pid and its /proc identity. */
export function describeLaunched(
  launched: Launched,
): Pick<BridgeRecord, 'pid' | 'proc_start_ticks' | 'boot_id'> {
  return {
    pid: launched.pid,
    proc_start_ticks: launched.identity?.startTicks ?? null,
    boot_id: launched.identity?.bootId ?? null,
  };
}
