/** Maps the validated config onto the supervisor's options (one place, shared by server and CLI). */
import type { Config } from '../config/schema.js';
import type { DiscoveryOptions } from '../projects/discovery.js';
import type { Env } from '../system/ports.js';
import { type BridgeEnvOptions, buildBridgeEnv } from './argv.js';
import type { SupervisorOptions } from './supervisor.js';

/** Where projects live and their per-project settings. */
export function buildDiscoveryOptions(config: Config): DiscoveryOptions {
  return { projectsRoot: config.projects_root, settings: config.projects };
}

/** `claude.env` and `claude.path_append`, plus dashboard secret values to keep out. */
export function buildBridgeEnvOptions(
  config: Config,
  secretValues: readonly string[] = [],
): BridgeEnvOptions {
  return { extraEnv: config.claude.env, pathAppend: config.claude.path_append, secretValues };
}

/** The environment a bridge will see (used to decide trust exactly as the bridge will). */
export function resolveBridgeEnv(config: Config, env: Env): Record<string, string> {
  return buildBridgeEnv(env, buildBridgeEnvOptions(config)).env;
}

/** Supervisor options from the config; `bypassAllowed` is false on an unauthenticated network bind. */
export function buildSupervisorOptions(
  config: Config,
  options: { stateDir: string; bypassAllowed: boolean; secretValues?: readonly string[] },
): SupervisorOptions {
  const defaults = config.instance_defaults;
  return {
    stateDir: options.stateDir,
    binary: config.claude.binary,
    startupGraceMs: config.claude.startup_grace_seconds * 1000,
    stopGraceMs: config.claude.stop_grace_seconds * 1000,
    autoEnableRemoteControl: config.claude.auto_enable_remote_control,
    maxBridges: defaults.max_bridges,
    rawLogs: config.logs.redact_session_url,
    env: buildBridgeEnvOptions(config, options.secretValues),
    defaults: {
      permissionMode: defaults.permission_mode,
      spawnMode: defaults.spawn_mode,
      capacity: defaults.capacity,
      sessionNamePrefix: defaults.session_name_prefix,
      verbose: defaults.verbose,
    },
    discovery: buildDiscoveryOptions(config),
    bypassAllowed: options.bypassAllowed,
  };
}
