/**
 * The live set: what must never be reaped. Invariant: fail closed — when any source cannot be
 * read or a liveness probe fails, the result is `live-set-unknown` and the caller acts on
 * nothing. A record is counted live whenever there is doubt (a live pid without identity data).
 */
import { join } from 'node:path';
import {
  checkPointerWriter,
  POINTER_FILE,
  readBridgePointer,
  resolvePointerRoot,
} from '../claude/bridge-pointer.js';
import { readJsonFile } from '../claude/claude-dir.js';
import { fail, ok, type Result } from '../result.js';
import type { Env, Fs, Processes } from '../system/ports.js';
import { resolveDirectory } from './resolve-directory.js';

export interface LiveSet {
  /** Resolved working directories of live bridges. */
  directories: Set<string>;
  /** Environment ids named by live bridge pointers. */
  environmentIds: Set<string>;
  /** Names of `~/.claude/projects/<key>` folders whose pointer pid is alive. */
  pointerKeys: Set<string>;
}

interface LiveSetDeps {
  fs: Fs;
  processes: Processes;
  env: Env;
  home: string;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** True when the pid is alive and (when recorded) has the same start ticks and boot id. */
async function isSameLiveProcess(record: Record<string, unknown>, deps: LiveSetDeps) {
  const pid = record.pid;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return false;
  const identity = await deps.processes.identity(pid);
  if (!identity) return false;
  const ticks = record.proc_start_ticks;
  const bootId = record.boot_id;
  if (typeof ticks === 'number' && ticks !== identity.startTicks) return false;
  if (typeof bootId === 'string' && bootId !== identity.bootId) return false;
  return true;
}

async function addRegistryBridges(stateDir: string, live: LiveSet, deps: LiveSetDeps) {
  const path = join(stateDir, 'bridges.json');
  const read = await readJsonFile(path, deps);
  if (read.kind === 'missing') return null;
  if (read.kind === 'unreadable') return `${path}: ${read.why}`;
  const doc = asRecord(read.value);
  if (doc?.schema_version !== 1 || !Array.isArray(doc.bridges)) {
    return `${path}: expected {schema_version: 1, bridges: [...]}`;
  }
  for (const [index, item] of doc.bridges.entries()) {
    const record = asRecord(item);
    if (!record || typeof record.cwd !== 'string') return `${path}: bridges[${index}] has no cwd`;
    if (!(await isSameLiveProcess(record, deps))) continue;
    live.directories.add(record.cwd);
    const resolved = await resolveDirectory(record.cwd, deps);
    if (resolved) live.directories.add(resolved);
  }
  return null;
}

async function addBridgePointers(live: LiveSet, deps: LiveSetDeps) {
  const projectsDir = resolvePointerRoot(deps);
  let entries: string[];
  try {
    entries = await deps.fs.readdir(projectsDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? null : `${projectsDir}: ${code ?? 'unreadable'}`;
  }
  for (const key of entries) {
    const read = await readBridgePointer(join(projectsDir, key, POINTER_FILE), deps);
    if (read.kind === 'missing') continue;
    if (read.kind !== 'ok') {
      if (read.why === 'ENOTDIR') continue;
      return `${read.path}: ${read.why}`;
    }
    // Unlike a start, the reaper treats a corrupt pointer (above) as "unknown": fail closed.
    const writer = await checkPointerWriter(read.pointer, (pid) => deps.processes.identity(pid));
    if (writer === 'dead') continue;
    live.pointerKeys.add(key);
    const { environmentId } = read.pointer;
    if (environmentId !== null) live.environmentIds.add(environmentId);
  }
  return null;
}

/** Reads the live set from state_dir/bridges.json and the CLI's bridge pointers. */
export async function readLiveSet(
  stateDir: string,
  deps: LiveSetDeps,
): Promise<Result<LiveSet, 'live-set-unknown'>> {
  const live: LiveSet = {
    directories: new Set(),
    environmentIds: new Set(),
    pointerKeys: new Set(),
  };
  try {
    const problem =
      (await addRegistryBridges(stateDir, live, deps)) ?? (await addBridgePointers(live, deps));
    if (problem) return fail('live-set-unknown', `cannot tell which bridges are live: ${problem}`);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return fail(
      'live-set-unknown',
      `cannot tell which bridges are live: liveness probe failed (${why})`,
    );
  }
  return ok(live);
}
