/**
 * The `claude remote-control` command line and environment (design §4, clauster.md §3.1).
 * Invariant: the argv is a fixed list of validated values (never a shell string), and the
 * child environment never carries a `CLAUSTER_*` variable — neither inherited nor re-added
 * through `claude.env` — so no dashboard secret reaches a bridge or its sessions.
 */
import { PERMISSION_MODES, SPAWN_MODES } from '../config/schema.js';
import type { Env } from '../system/ports.js';

/** The CLI's permission modes (defined once, in the config schema) plus clauster's `inherit`. */
export const BRIDGE_PERMISSION_MODES = ['inherit', ...PERMISSION_MODES] as const;
export const BRIDGE_SPAWN_MODES = SPAWN_MODES;

export type BridgePermissionMode = (typeof BRIDGE_PERMISSION_MODES)[number];
export type BridgeSpawnMode = (typeof BRIDGE_SPAWN_MODES)[number];

export interface BridgeLaunch {
  /** Value of `--name` (the session name shown in claude.ai/code). */
  name: string;
  permissionMode: BridgePermissionMode;
  spawnMode: BridgeSpawnMode;
  /** Passed only for same-dir and worktree. */
  capacity: number | null;
  sessionNamePrefix?: string | null;
  verbose?: boolean;
  /** Absolute path of the debug log. */
  debugFile: string;
}

export interface BridgeEnvOptions {
  /** `claude.env`, overlaid after the scrub. */
  extraEnv?: Readonly<Record<string, string>>;
  /** `claude.path_append`, appended to PATH. */
  pathAppend?: readonly string[];
  /** The dashboard's own secret values: any variable carrying one is dropped too. */
  secretValues?: readonly string[];
}

export interface BridgeEnv {
  env: Record<string, string>;
  /** Names removed from the inherited environment or refused from `claude.env`. */
  dropped: string[];
}

/** True for a permission mode the bridge accepts (plus clauster's `inherit`). */
export function isBridgePermissionMode(value: unknown): value is BridgePermissionMode {
  return (BRIDGE_PERMISSION_MODES as readonly unknown[]).includes(value);
}

/** True for a spawn mode the bridge accepts. */
export function isBridgeSpawnMode(value: unknown): value is BridgeSpawnMode {
  return (BRIDGE_SPAWN_MODES as readonly unknown[]).includes(value);
}

/** Builds the arguments after the binary: `remote-control --name … --debug-file …`. */
export function buildBridgeArgv(launch: BridgeLaunch): string[] {
  if (!isBridgePermissionMode(launch.permissionMode)) {
    throw new TypeError(
      `permission_mode: expected one of ${BRIDGE_PERMISSION_MODES.join(', ')}, got ${JSON.stringify(launch.permissionMode)}`,
    );
  }
  if (!isBridgeSpawnMode(launch.spawnMode)) {
    throw new TypeError(
      `spawn_mode: expected one of ${BRIDGE_SPAWN_MODES.join(', ')}, got ${JSON.stringify(launch.spawnMode)}`,
    );
  }
  const argv = ['remote-control', '--name', launch.name];
  // `inherit` means: let the CLI use its own default, so no flag at all.
  if (launch.permissionMode !== 'inherit') argv.push('--permission-mode', launch.permissionMode);
  // An explicit --spawn also keeps the interactive spawn-mode prompt from ever blocking.
  argv.push('--spawn', launch.spawnMode);
  if (launch.spawnMode !== 'session') {
    if (launch.capacity !== null) argv.push('--capacity', String(launch.capacity));
    if (launch.sessionNamePrefix) {
      // One `--flag=value` token: the value can never be read as a flag of its own.
      argv.push(`--remote-control-session-name-prefix=${launch.sessionNamePrefix}`);
    }
  }
  if (launch.verbose) argv.push('--verbose');
  argv.push('--debug-file', launch.debugFile);
  return argv;
}

const MIN_SECRET_LENGTH = 8;

function isScrubbed(name: string, value: string, secrets: readonly string[]): boolean {
  if (name.toUpperCase().startsWith('CLAUSTER_')) return true;
  return secrets.some((secret) => value.includes(secret));
}

/** Builds the bridge environment: inherited minus CLAUSTER_* and secrets, plus claude.env and PATH. */
export function buildBridgeEnv(parent: Env, options: BridgeEnvOptions = {}): BridgeEnv {
  const env: Record<string, string> = {};
  const dropped: string[] = [];
  const secrets = (options.secretValues ?? []).filter((s) => s.length >= MIN_SECRET_LENGTH);
  for (const [name, value] of Object.entries(parent)) {
    if (value === undefined) continue;
    if (isScrubbed(name, value, secrets)) dropped.push(name);
    else env[name] = value;
  }
  for (const [name, value] of Object.entries(options.extraEnv ?? {})) {
    // Why: claude.env must not be a way to hand a dashboard secret back to the child.
    if (isScrubbed(name, value, secrets)) dropped.push(name);
    else env[name] = value;
  }
  const extra = (options.pathAppend ?? []).filter((entry) => entry.length > 0);
  if (extra.length > 0) {
    env.PATH = [...(env.PATH ? env.PATH.split(':') : []), ...extra].join(':');
  }
  return { env, dropped: [...new Set(dropped)].sort() };
}
