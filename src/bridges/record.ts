/** The bridge record: one shape in bridges.json, the API and `--json` output (BRIEF contract). */
import { randomBytes } from 'node:crypto';
import type { BridgePermissionMode, BridgeSpawnMode } from './argv.js';
import { readBridgeCommand } from './bridge-command.js';
import type { StartRequest } from './launch-options.js';
import { adviceFor } from './reason-advice.js';

export const BRIDGE_STATUSES = ['starting', 'running', 'stopped', 'crashed', 'error'] as const;
export type BridgeStatus = (typeof BRIDGE_STATUSES)[number];

/** What the API returns for a bridge. */
export type Bridge = {
  id: string;
  project: string;
  status: BridgeStatus;
  url: string | null;
  pid: number | null;
  started_at: string;
  stopped_at: string | null;
  reason: string | null;
  /** What the operator can do about `reason` (reason-advice.ts); null when no known cause. */
  advice: string | null;
  permission_mode: BridgePermissionMode;
  spawn_mode: BridgeSpawnMode;
  name: string | null;
  /**
   * `--capacity` it was launched with (the config default when none was asked); null for
   * single-session.
   */
  capacity: number | null;
  /** True when clauster took it over while it ran (started outside clauster, not launched here). */
  adopted: boolean;
};

/** What bridges.json keeps: the API shape plus what re-adoption needs. */
export type BridgeRecord = Omit<Bridge, 'capacity' | 'adopted' | 'advice'> & {
  cwd: string;
  argv: string[];
  log_dir: string;
  proc_start_ticks: number | null;
  boot_id: string | null;
  intentional_stop: boolean;
  /** Set on adopted bridges only; older records without it were launched here. */
  adopted?: boolean;
};

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
export const BRIDGE_ID_RE = /^br-[a-z2-7]{12}$/;

/** A fresh bridge id: `br-` + 12 lowercase base32 characters. */
export function createBridgeId(): string {
  const bytes = randomBytes(12);
  let id = 'br-';
  for (const byte of bytes) id += BASE32[byte & 31];
  return id;
}

/** Statuses whose process may still be alive (counted against the caps). */
export function isLiveStatus(status: BridgeStatus): boolean {
  return status === 'starting' || status === 'running' || status === 'error';
}

/**
 * The connect URL while it leads somewhere: the bridge is live and its process (when a
 * liveness check says) is still there; an ended or gone bridge has none.
 */
export function liveConnectUrl(
  bridge: Pick<Bridge, 'status' | 'url'> & { alive?: boolean },
): string | null {
  return isLiveStatus(bridge.status) && bridge.alive !== false ? bridge.url : null;
}

/**
 * The `--capacity` value of a bridge's command line (launched or adopted), by the same reading
 * as adopting (bridge-command.ts), or null: none, or a command line that reading refuses.
 * Read back, so old records have it too.
 */
export function readCapacity(argv: readonly string[]): number | null {
  const command = readBridgeCommand(argv);
  return command.ok && command.value.capacity !== undefined ? Number(command.value.capacity) : null;
}

/** The public view of a record. */
export function toBridge(record: BridgeRecord): Bridge {
  return {
    id: record.id,
    project: record.project,
    status: record.status,
    url: record.url,
    pid: record.pid,
    started_at: record.started_at,
    stopped_at: record.stopped_at,
    reason: record.reason,
    advice: adviceFor(record.reason),
    permission_mode: record.permission_mode,
    spawn_mode: record.spawn_mode,
    name: record.name,
    capacity: readCapacity(record.argv),
    adopted: record.adopted === true,
  };
}

/**
 * The start request that launches a bridge again with the options it ran with. Only the
 * options are reused: every start check (trust, bypass ceiling and typed confirmation, caps)
 * runs again against the current config.
 */
export function buildRestartRequest(bridge: Bridge, confirm?: unknown): StartRequest {
  return {
    permission_mode: bridge.permission_mode,
    spawn_mode: bridge.spawn_mode,
    name: bridge.name,
    capacity: bridge.capacity,
    ...(confirm === undefined ? {} : { confirm }),
  };
}
