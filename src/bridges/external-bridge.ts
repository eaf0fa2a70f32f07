/**
 * Bridges that run outside clauster: a `claude remote-control` started in a terminal or by
 * another tool, seen through the bridge pointer it keeps for its directory. Invariant: only a
 * live pointer writer that is not one of our own bridges is reported. A dead or recycled
 * writer, an unparseable pointer or an unreadable one never is, because claude itself resumes
 * from or replaces a stale pointer on the next start; the last two come back as warnings.
 */
import { join } from 'node:path';
import { judgePointerWriter, readPointersFor } from '../claude/bridge-pointer.js';
import type { Env, Fs, Processes, ProcessIdentity } from '../system/ports.js';
import { type BridgeStatus, isLiveStatus } from './record.js';

export interface ExternalBridge {
  pid: number;
  /** The pointer file that names it. */
  pointerPath: string;
  /**
   * False when the pid could not be tied to the pointer: no comparable start time, or another
   * start time on a process that runs a bridge.
   */
  verified: boolean;
  /** What was read of the live pid (its command line, start ticks and boot id). */
  identity: ProcessIdentity;
  /** The environment id the pointer names (unchecked text), or null. */
  environmentId: string | null;
}

export interface ExternalBridgeCheck {
  external: ExternalBridge | null;
  warnings: string[];
}

export interface ExternalBridgeDeps {
  fs: Fs;
  /** The environment the bridge runs with: its CLAUDE_CONFIG_DIR picks the pointer folder. */
  env: Env;
  home: string;
  processes: Pick<Processes, 'identity'>;
}

/**
 * The paths a bridge for the project may have been started in: claude keys its pointer by the
 * cwd string, so both the resolved path and the one under the configured projects_root.
 */
export function listProjectDirectories(
  project: { name: string; path: string },
  projectsRoot: string | undefined,
): string[] {
  const configured = projectsRoot === undefined ? project.path : join(projectsRoot, project.name);
  return configured === project.path ? [project.path] : [project.path, configured];
}

/**
 * The pids whose bridge pointers are ours, not "outside": those of our live bridges (a
 * stopped bridge's pid may since belong to someone else's `claude remote-control`).
 */
export function ownBridgePids(
  bridges: ReadonlyArray<{ status: BridgeStatus; pid?: number | null }>,
): Set<number> {
  return new Set(bridges.filter((b) => isLiveStatus(b.status)).flatMap((b) => b.pid ?? []));
}

/** Finds a live bridge outside clauster for any of `directories` (the same project's paths). */
export async function findExternalBridge(
  directories: readonly string[],
  ownPids: ReadonlySet<number>,
  deps: ExternalBridgeDeps,
): Promise<ExternalBridgeCheck> {
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const directory of directories) {
    for (const read of await readPointersFor(directory, deps)) {
      if (seen.has(read.path)) continue;
      seen.add(read.path);
      if (read.kind === 'malformed' || read.kind === 'unreadable') {
        warnings.push(
          `${read.path}: ${read.why}; ignored (claude replaces a broken bridge pointer itself)`,
        );
        continue;
      }
      if (read.kind !== 'ok' || read.pointer.pid === null) continue;
      const { pid } = read.pointer;
      if (ownPids.has(pid)) continue;
      const identity = await deps.processes.identity(pid);
      const writer = identity === null ? 'dead' : judgePointerWriter(read.pointer, identity);
      // A dead writer's pointer is harmless: claude reuses its environment or replaces it.
      if (identity === null || writer === 'dead') continue;
      return {
        external: {
          pid,
          pointerPath: read.path,
          verified: writer === 'same',
          identity,
          environmentId: read.pointer.environmentId,
        },
        warnings,
      };
    }
  }
  return { external: null, warnings };
}

/** The refusal message for a start while `external` serves project `name`. */
export function describeExternalBridge(name: string, external: ExternalBridge): string {
  const { pid } = external;
  const base =
    `project ${name}: a \`claude remote-control\` started outside clauster (pid ${pid}) ` +
    'already serves this directory, and a second one would register a second environment ' +
    `for it; stop that \`claude remote-control\` (pid ${pid}) first, or let it be`;
  if (external.verified) return `${base} (or adopt it: \`clauster adopt ${name}\`)`;
  return `${base} (${describeUnverifiedWriter(external)}; if it is not a claude remote-control, delete that pointer)`;
}

/** Why an outside bridge is not adoptable: its pid could not be tied to its pointer. */
export function describeUnverifiedWriter(external: { pid: number; pointerPath: string }): string {
  const { pid } = external;
  return (
    `pid ${pid} is alive but could not be confirmed as the \`claude remote-control\` that wrote ` +
    `${external.pointerPath} (no matching start time); check it with ` +
    `\`ps -o pid,lstart,args -p ${pid}\``
  );
}
