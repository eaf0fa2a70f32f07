/**
 * Finding the process of a launch whose record was cut short (the dashboard died between
 * writing the `starting` record and recording the pid). Invariant: a process is taken for
 * the bridge only when its command line runs `remote-control` with `--debug-file` followed by
 * the exact path recorded for it, inside that bridge's own log set (its id is random, so no
 * other process has it); when it leads its own process group, as every bridge clauster
 * launches does (a session child does not); when it is owned by the uid clauster runs as; when
 * it is the recorded pid, if one was recorded; and when it is the only such process. Anything
 * else is not adopted and never signalled. A search cut short (its deadline) says so.
 */
import { sep } from 'node:path';
import { runsBridgeCommand } from '../claude/bridge-pointer.js';
import type { EventBus } from '../events/bus.js';
import type { FindProcesses, Logger, Processes, ProcessIdentity } from '../system/ports.js';
import { logSetDir } from './log-paths.js';
import type { BridgeRecord } from './record.js';

export type LaunchSearch =
  | { kind: 'found'; identity: ProcessIdentity }
  | { kind: 'none' }
  | { kind: 'ambiguous'; pids: number[] }
  | { kind: 'incomplete' };

/** True for a launched record that does not name its process completely (pid, start, boot). */
export function isIncompleteLaunch(record: BridgeRecord): boolean {
  if (record.adopted === true) return false;
  return record.pid === null || record.proc_start_ticks === null || record.boot_id === null;
}

/** The `--debug-file` value of a launched record's argv, when it lies inside its own log set. */
export function readRecordedDebugFile(record: BridgeRecord, stateDir: string): string | null {
  const index = record.argv.indexOf('--debug-file');
  const path = index === -1 ? undefined : record.argv[index + 1];
  let dir: string;
  try {
    dir = logSetDir(stateDir, record.id);
  } catch {
    return null;
  }
  // Why: an edited bridges.json must not make clauster adopt (and later kill) any process.
  return path?.startsWith(dir + sep) === true ? path : null;
}

/** True when `cmdline` runs a bridge given exactly `--debug-file <debugFile>`. */
export function hasDebugFileArgument(cmdline: readonly string[], debugFile: string): boolean {
  if (!runsBridgeCommand(cmdline)) return false;
  for (let i = 1; i + 1 < cmdline.length; i += 1) {
    if (cmdline[i] === '--debug-file' && cmdline[i + 1] === debugFile) return true;
  }
  return false;
}

/** Looks for the one live process launched for `record` (see the invariant above). */
export async function findLaunchedProcess(
  record: BridgeRecord,
  stateDir: string,
  deps: {
    processes: Pick<Processes, 'placement'>;
    findProcesses?: FindProcesses;
    /** The effective uid clauster runs as: another user's process is never the bridge. */
    euid: number;
  },
): Promise<LaunchSearch> {
  const debugFile = readRecordedDebugFile(record, stateDir);
  if (debugFile === null || deps.findProcesses === undefined) return { kind: 'none' };
  let search: Awaited<ReturnType<FindProcesses>>;
  try {
    search = await deps.findProcesses((cmdline) => hasDebugFileArgument(cmdline, debugFile));
  } catch {
    return { kind: 'incomplete' };
  }
  const leaders: ProcessIdentity[] = [];
  for (const candidate of search.found) {
    if (record.pid !== null && candidate.pid !== record.pid) continue;
    // The owner was read after the identity; the placement below, read after the owner, ties
    // both to the same process (same start ticks).
    if (candidate.uid !== deps.euid) continue;
    const placement = await deps.processes.placement(candidate.pid);
    // The group id must come from the same process the identity was read from.
    if (placement?.startTicks !== candidate.startTicks || placement.pgid !== candidate.pid)
      continue;
    leaders.push(candidate);
  }
  if (leaders.length === 0) return search.complete ? { kind: 'none' } : { kind: 'incomplete' };
  if (leaders.length > 1) return { kind: 'ambiguous', pids: leaders.map((l) => l.pid) };
  return { kind: 'found', identity: leaders[0] as ProcessIdentity };
}

/** Warns (log and bus) that `record` stays `starting` because its process search did not finish. */
export function warnSearchIncomplete(
  record: BridgeRecord,
  deps: { logger?: Logger; bus: Pick<EventBus, 'publish'> },
): void {
  const message = `bridge ${record.id} (project ${record.project}): the dashboard stopped while launching it and the search for its process did not finish, so it is kept as launching; restart the dashboard to search again`;
  deps.logger?.warn(message);
  deps.bus.publish({ type: 'warning', code: 'launch-search-incomplete', message });
}
