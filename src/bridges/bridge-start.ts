/**
 * One start (design §4): the pre-spawn checks, the project's slot and the caps, the
 * Remote Control consent flags, then the recorded launch. Invariants: a refusal leaves no
 * process, record or file behind; a spawned bridge is always recorded (recorded-launch.ts).
 */
import { ok, type Result } from '../result.js';
import type { Clock, Env, Fs, Logger, Processes, Spawn } from '../system/ports.js';
import { ownBridgePids } from './external-bridge.js';
import type { StartRequest } from './launch-options.js';
import type { LaunchSlots } from './launch-slots.js';
import { type PreflightError, type PreflightOptions, runPreflight } from './preflight.js';
import { type Bridge, createBridgeId, toBridge } from './record.js';
import { launchRecorded, type RecordedLaunchParts } from './recorded-launch.js';
import type { RemoteControlConsent } from './remote-control-consent.js';

export type StartError =
  | PreflightError
  | 'already-running'
  | 'max-bridges'
  | 'spawn-failed'
  | 'claude-config-invalid'
  | 'registry-write-failed'
  | 'supervisor-closed';

/** What a start needs from the supervisor: its config and its parts. */
export interface StartContext extends RecordedLaunchParts {
  options: PreflightOptions & { stateDir: string; rawLogs?: boolean };
  /** The options come from the config (autostart): no typed confirmation is asked. */
  configConfirmed: boolean;
  slots: LaunchSlots;
  consent: RemoteControlConsent;
}

export interface StartDeps {
  fs: Fs;
  clock: Clock;
  spawn: Spawn;
  processes: Processes;
  env: Env;
  home: string;
  logger?: Logger;
}

/** Starts a bridge for `project` as `request` asks. */
export async function startBridge(
  project: unknown,
  request: StartRequest,
  context: StartContext,
  deps: StartDeps,
): Promise<Result<Bridge, StartError>> {
  const { options, tracker, slots, configConfirmed } = context;
  // Our own bridges' pointers are not foreign: those starts end as already-running below.
  const ownPids = ownBridgePids(tracker.all().map((t) => t.record));
  const preOptions = { ...options, configConfirmed, ownBridgePids: ownPids };
  const pre = await runPreflight(project, request, preOptions, deps);
  if (!pre.ok) return pre;
  const name = pre.value.project.name;
  const caps = slots.claim(name);
  if (!caps.ok) return caps;
  try {
    const acknowledged = await context.consent.ensure();
    if (!acknowledged.ok) return acknowledged;
    const { choice, env, binaryPath } = pre.value;
    const input = {
      id: createBridgeId(),
      stateDir: options.stateDir,
      cwd: pre.value.project.path,
      projectName: name,
      choice,
      env,
      binaryPath,
      rawLogs: options.rawLogs === true,
    };
    const launched = await launchRecorded(input, context, deps);
    return launched.ok ? ok(toBridge(launched.value.record)) : launched;
  } finally {
    slots.release(name);
  }
}
