/**
 * Log sets on disk: size rotation of a live bridge's files and retention of old sets
 * (design §5, logs.* keys). Invariants: a live bridge's set is never deleted; rotation is
 * copy-truncate with a catch-up of what was written during the copy (log-rotate.ts).
 */
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import type { Clock, Fs } from '../system/ports.js';
import { isBridgeId, LOG_STREAMS, logFilePath, logsRoot } from './log-paths.js';
import { rotateIfLarge } from './log-rotate.js';

export { rotateIfLarge } from './log-rotate.js';

export type LogSettings = Config['logs'];

const MB = 1024 * 1024;
const DAY_MS = 24 * 60 * 60 * 1000;
// A set written to in the last minutes may belong to a bridge still launching (not yet in
// the live list): it is never pruned.
const RECENT_MS = 10 * 60 * 1000;

export interface LogSetInfo {
  id: string;
  dir: string;
  files: number;
  bytes: number;
  /** Newest mtime of the set directory or any file in it (ms). */
  newestMs: number;
}

export interface LogRotator {
  /** Rotates the files of the given sets that outgrew the size limit; returns how many. */
  rotate(liveIds: readonly string[]): Promise<number>;
}

/**
 * Size rotation for a running dashboard. A set's directory is listed once, when it is first
 * seen live (its `.log` files plus the stream files it may still create); after that a pass
 * costs one stat per file and copies nothing unless a file is over the limit. Sets that are
 * no longer live are forgotten.
 */
export function createLogRotator(
  stateDir: string,
  settings: LogSettings,
  deps: { fs: Fs },
): LogRotator {
  const limits = { maxBytes: settings.bridge_log_max_size_mb * MB, keep: settings.keep_rotated };
  const known = new Map<string, string[]>();

  async function filesOf(id: string): Promise<string[]> {
    const cached = known.get(id);
    if (cached) return cached;
    const dir = join(logsRoot(stateDir), id);
    const listed = await deps.fs.readdir(dir).catch(() => [] as string[]);
    const paths = new Set(listed.filter((n) => n.endsWith('.log')).map((n) => join(dir, n)));
    for (const stream of LOG_STREAMS) {
      paths.add(logFilePath(stateDir, id, stream));
      if (settings.redact_session_url) paths.add(logFilePath(stateDir, id, stream, true));
    }
    const files = [...paths].sort();
    known.set(id, files);
    return files;
  }

  return {
    async rotate(liveIds) {
      const live = liveIds.filter(isBridgeId);
      for (const id of known.keys()) if (!live.includes(id)) known.delete(id);
      let rotated = 0;
      for (const id of live) {
        for (const path of await filesOf(id)) {
          if (await rotateIfLarge(path, limits, deps)) rotated += 1;
        }
      }
      return rotated;
    },
  };
}

/** Every log set under state_dir/logs with its file count, size and newest mtime. */
export async function listLogSets(stateDir: string, deps: { fs: Fs }): Promise<LogSetInfo[]> {
  const root = logsRoot(stateDir);
  const ids = await deps.fs.readdir(root).catch(() => [] as string[]);
  const sets: LogSetInfo[] = [];
  for (const id of ids.filter(isBridgeId)) {
    const dir = join(root, id);
    const info: LogSetInfo = { id, dir, files: 0, bytes: 0, newestMs: 0 };
    try {
      // The directory's own mtime counts too: a set whose files are still being created is new.
      info.newestMs = (await deps.fs.stat(dir)).mtimeMs;
      for (const name of await deps.fs.readdir(dir)) {
        const stat = await deps.fs.stat(join(dir, name));
        if (!stat.isFile()) continue;
        info.files += 1;
        info.bytes += stat.size;
        info.newestMs = Math.max(info.newestMs, stat.mtimeMs);
      }
    } catch {
      continue; // removed or unreadable meanwhile
    }
    sets.push(info);
  }
  return sets.sort((a, b) => a.newestMs - b.newestMs);
}

// The sets to delete, oldest first: past the age limit, then while over the file or size caps.
function chooseVictims(
  sets: LogSetInfo[],
  settings: LogSettings,
  live: ReadonlySet<string>,
  nowMs: number,
): LogSetInfo[] {
  const victims = new Set<LogSetInfo>();
  const removable = sets.filter((s) => !live.has(s.id) && s.newestMs < nowMs - RECENT_MS);
  if (settings.retention_max_age_days > 0) {
    const cutoff = nowMs - settings.retention_max_age_days * DAY_MS;
    for (const set of removable) if (set.newestMs < cutoff) victims.add(set);
  }
  const caps: Array<[number, (s: LogSetInfo) => number]> = [
    [settings.retention_max_files, (s) => s.files],
    [settings.retention_max_total_mb * MB, (s) => s.bytes],
  ];
  for (const [cap, measure] of caps) {
    if (cap <= 0) continue;
    let total = sets.filter((s) => !victims.has(s)).reduce((sum, s) => sum + measure(s), 0);
    for (const set of removable) {
      if (total <= cap) break;
      if (victims.has(set)) continue;
      victims.add(set);
      total -= measure(set);
    }
  }
  return removable.filter((s) => victims.has(s));
}

/** Deletes old log sets per the retention keys, never a live one; returns the deleted ids. */
export async function pruneLogSets(
  stateDir: string,
  options: { settings: LogSettings; liveIds: Iterable<string> },
  deps: { fs: Fs; clock: Clock },
): Promise<string[]> {
  const live = new Set(options.liveIds);
  const sets = await listLogSets(stateDir, deps);
  const victims = chooseVictims(sets, options.settings, live, deps.clock.now());
  for (const set of victims) await deps.fs.rm(set.dir, { recursive: true, force: true });
  return victims.map((s) => s.id);
}
