/**
 * Validates a start request against the config (clauster.md §3.1, security.md R-BYPASS-1).
 * Invariant: `bypassPermissions` is only ever chosen when the project sets
 * `allow_bypass_permissions: true`, the dashboard's auth posture allows it, and the request
 * carries the typed confirmation `bypassPermissions` (or the operator's own config asks for it).
 */
import { SESSION_NAME_RE } from '../config/schema.js';
import { fail, ok, type Result } from '../result.js';
import { showTextCut } from '../security/show-text.js';
import {
  BRIDGE_PERMISSION_MODES,
  BRIDGE_SPAWN_MODES,
  type BridgePermissionMode,
  type BridgeSpawnMode,
  isBridgePermissionMode,
  isBridgeSpawnMode,
} from './argv.js';

export interface StartRequest {
  permission_mode?: unknown;
  spawn_mode?: unknown;
  name?: unknown;
  capacity?: unknown;
  confirm?: unknown;
}

export interface LaunchDefaults {
  permissionMode: BridgePermissionMode;
  spawnMode: BridgeSpawnMode;
  capacity: number;
  sessionNamePrefix: string | null;
  verbose: boolean;
}

export interface LaunchContext {
  defaults: LaunchDefaults;
  project: {
    git: boolean;
    permission_mode?: string | undefined;
    spawn_mode?: string | undefined;
    allow_bypass_permissions: boolean;
  };
  /** False when the dashboard is reachable without auth (R-BYPASS-1). */
  bypassAllowed: boolean;
  /** Set for autostart: the operator's config itself is the confirmation. */
  configConfirmed?: boolean;
}

export interface LaunchChoice {
  permissionMode: BridgePermissionMode;
  spawnMode: BridgeSpawnMode;
  capacity: number | null;
  name: string | null;
  sessionNamePrefix: string | null;
  verbose: boolean;
}

export type LaunchError = 'invalid-option' | 'bypass-refused';

export const MAX_CAPACITY = 1000;

// The refused value as the caller sent it: JSON would print a number past the double range
// (1e400 parses as Infinity) as null, and the redactor would strip a control or invisible
// character, so both are spelt out; masked before it is cut (half a token is not masked).
function shown(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return 'a number too large';
  const text = JSON.stringify(value) ?? String(value);
  return showTextCut(text, 64);
}

function pickPermissionMode(
  request: StartRequest,
  context: LaunchContext,
): Result<BridgePermissionMode, LaunchError> {
  const value =
    request.permission_mode ?? context.project.permission_mode ?? context.defaults.permissionMode;
  if (!isBridgePermissionMode(value)) {
    return fail(
      'invalid-option',
      `permission_mode: expected one of ${BRIDGE_PERMISSION_MODES.join(', ')}, got ${shown(value)}`,
    );
  }
  return ok(value);
}

function pickSpawnMode(
  request: StartRequest,
  context: LaunchContext,
): Result<BridgeSpawnMode, LaunchError> {
  const value = request.spawn_mode ?? context.project.spawn_mode ?? context.defaults.spawnMode;
  if (!isBridgeSpawnMode(value)) {
    return fail(
      'invalid-option',
      `spawn_mode: expected one of ${BRIDGE_SPAWN_MODES.join(', ')}, got ${shown(value)}`,
    );
  }
  if (value === 'worktree' && !context.project.git) {
    return fail(
      'invalid-option',
      'spawn_mode: worktree needs a git repository, and this project is not one',
    );
  }
  return ok(value);
}

function pickCapacity(
  request: StartRequest,
  spawnMode: BridgeSpawnMode,
  context: LaunchContext,
): Result<number | null, LaunchError> {
  const value = request.capacity;
  if (value === undefined || value === null)
    return ok(spawnMode === 'session' ? null : context.defaults.capacity);
  if (spawnMode === 'session') {
    return fail(
      'invalid-option',
      'capacity: cannot be used with spawn_mode session (single-session mode has capacity 1)',
    );
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_CAPACITY) {
    return fail(
      'invalid-option',
      `capacity: expected an integer from 1 to ${MAX_CAPACITY}, got ${shown(value)}`,
    );
  }
  return ok(value);
}

function pickName(request: StartRequest): Result<string | null, LaunchError> {
  const value = request.name;
  if (value === undefined || value === null || value === '') return ok(null);
  if (typeof value !== 'string' || !SESSION_NAME_RE.test(value)) {
    return fail(
      'invalid-option',
      `name: expected 1–64 printable characters not starting with '-', got ${shown(value)}`,
    );
  }
  return ok(value);
}

function checkBypass(request: StartRequest, context: LaunchContext): Result<true, LaunchError> {
  if (!context.project.allow_bypass_permissions) {
    return fail(
      'bypass-refused',
      'permission_mode bypassPermissions: the project does not set allow_bypass_permissions: true',
    );
  }
  if (!context.bypassAllowed) {
    return fail(
      'bypass-refused',
      'permission_mode bypassPermissions: refused while the dashboard is reachable without authentication',
    );
  }
  if (request.confirm !== 'bypassPermissions' && context.configConfirmed !== true) {
    return fail(
      'bypass-refused',
      "permission_mode bypassPermissions: expected confirm: 'bypassPermissions' in the request",
    );
  }
  return ok(true);
}

/** Resolves request → project settings → instance defaults into one validated launch choice. */
export function resolveLaunchOptions(
  request: StartRequest,
  context: LaunchContext,
): Result<LaunchChoice, LaunchError> {
  const permissionMode = pickPermissionMode(request, context);
  if (!permissionMode.ok) return permissionMode;
  const spawnMode = pickSpawnMode(request, context);
  if (!spawnMode.ok) return spawnMode;
  const capacity = pickCapacity(request, spawnMode.value, context);
  if (!capacity.ok) return capacity;
  const name = pickName(request);
  if (!name.ok) return name;
  if (request.confirm !== undefined && request.confirm !== 'bypassPermissions') {
    return fail(
      'invalid-option',
      `confirm: expected 'bypassPermissions', got ${shown(request.confirm)}`,
    );
  }
  if (permissionMode.value === 'bypassPermissions') {
    const bypass = checkBypass(request, context);
    if (!bypass.ok) return bypass;
  }
  return ok({
    permissionMode: permissionMode.value,
    spawnMode: spawnMode.value,
    capacity: capacity.value,
    name: name.value,
    sessionNamePrefix: context.defaults.sessionNamePrefix,
    verbose: context.defaults.verbose,
  });
}
