/**
 * The CLI's bridge pointer (reference/claude-cli.md §4.1): `<claude dir>/projects/<key>/
 * bridge-pointer.json`, `{sessionId, environmentId, source, pid, procStart}`, written by a
 * running `claude remote-control` for its cwd. One reader for the reaper's live set and the
 * bridges preflight. Invariant: the writer counts as gone only when its pid is dead or provably
 * recycled (a numeric `procStart` that differs from the live pid's start ticks, and a command
 * line that is not a remote-control); any other doubt counts as alive. Liveness comes in as
 * `identity(pid)`; this module never probes processes itself.
 */
import { join } from 'node:path';
import type { Env, Fs, ProcessIdentity } from '../system/ports.js';
import { readJsonFile, resolveClaudeDir } from './claude-dir.js';

export const POINTER_FILE = 'bridge-pointer.json';
/** The CLI keeps this many sanitized characters, then adds `-<hash>`. */
export const MAX_SANITIZED_LENGTH = 200;
/** Subcommands that run the bridge (§2.1), for the recycled-pid check and adopting. */
export const BRIDGE_SUBCOMMANDS: ReadonlySet<string> = new Set([
  'remote-control',
  'rc',
  'remote',
  'sync',
  'bridge',
]);

export interface BridgePointer {
  /** The writer's pid, or null when the pointer names none. */
  pid: number | null;
  environmentId: string | null;
  /** The writer's start time as the CLI recorded it (start ticks on Linux), or null. */
  procStart: string | null;
}

export type PointerRead =
  | { kind: 'missing'; path: string }
  | { kind: 'unreadable'; path: string; why: string }
  | { kind: 'malformed'; path: string; why: string }
  | { kind: 'ok'; path: string; pointer: BridgePointer };

/** The state of a pointer's writer: `unverified` is a live pid with no start time to compare. */
export type WriterState = 'dead' | 'same' | 'unverified';

export type IdentityOf = (pid: number) => Promise<ProcessIdentity | null>;

/** djb2 over UTF-16 code units, unsigned, base 36, as the test fake does (see isPointerKeyFor). */
function hashPath(text: string): string {
  let hash = 5381;
  for (let i = 0; i < text.length; i++) hash = ((hash * 33) ^ text.charCodeAt(i)) >>> 0;
  return hash.toString(36);
}

/** The folder name the CLI uses for a cwd: non-alphanumerics → '-', long ones cut + hash. */
export function toPointerKey(directory: string): string {
  const sanitized = directory.replace(/[^A-Za-z0-9]/g, '-');
  if (sanitized.length <= MAX_SANITIZED_LENGTH) return sanitized;
  return `${sanitized.slice(0, MAX_SANITIZED_LENGTH)}-${hashPath(directory)}`;
}

/**
 * True when folder `key` may hold the pointer of `directory`. A long path matches on its cut
 * prefix whatever the hash suffix: builds of the CLI hash differently, and a false match only
 * errs toward "live" (never reaped, never started twice).
 */
export function isPointerKeyFor(key: string, directory: string): boolean {
  const exact = toPointerKey(directory);
  if (exact.length <= MAX_SANITIZED_LENGTH) return key === exact;
  const prefix = `${exact.slice(0, MAX_SANITIZED_LENGTH)}-`;
  return key.startsWith(prefix) && /^[A-Za-z0-9-]+$/.test(key.slice(prefix.length));
}

/** `<claude dir>/projects`: `$CLAUDE_CONFIG_DIR/projects`, else `~/.claude/projects`. */
export function resolvePointerRoot(deps: { env: Env; home: string }): string {
  return join(resolveClaudeDir(deps), 'projects');
}

function toPid(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

/** Reads one pointer file; never echoes its content in a message. */
export async function readBridgePointer(path: string, deps: { fs: Fs }): Promise<PointerRead> {
  const read = await readJsonFile(path, deps);
  if (read.kind === 'missing') return { kind: 'missing', path };
  if (read.kind === 'unreadable') {
    const kind = read.why === 'not valid JSON' ? 'malformed' : 'unreadable';
    return { kind, path, why: read.why };
  }
  const doc = read.value;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { kind: 'malformed', path, why: 'expected a JSON object' };
  }
  const { pid, environmentId, procStart } = doc as Record<string, unknown>;
  const start =
    typeof procStart === 'string' || typeof procStart === 'number' ? String(procStart) : null;
  return {
    kind: 'ok',
    path,
    pointer: {
      pid: toPid(pid),
      environmentId: typeof environmentId === 'string' ? environmentId : null,
      procStart: start,
    },
  };
}

/**
 * Every pointer that may belong to `directory` (one for a short path; for a long one, each
 * folder with its cut prefix). A projects folder that cannot be listed is one `unreadable` read.
 */
export async function readPointersFor(
  directory: string,
  deps: { fs: Fs; env: Env; home: string },
): Promise<PointerRead[]> {
  const root = resolvePointerRoot(deps);
  const exact = toPointerKey(directory);
  let keys = [exact];
  if (exact.length > MAX_SANITIZED_LENGTH) {
    try {
      keys = (await deps.fs.readdir(root)).filter((key) => isPointerKeyFor(key, directory));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      return code === 'ENOENT' ? [] : [{ kind: 'unreadable', path: root, why: code }];
    }
  }
  const reads: PointerRead[] = [];
  for (const key of keys) reads.push(await readBridgePointer(join(root, key, POINTER_FILE), deps));
  return reads.filter((read) => read.kind !== 'missing');
}

/**
 * The one "runs a bridge" rule: a bridge subcommand (or alias) as its own argv element after
 * the program. The pty flag `--remote-control` does not count: no bridge clauster runs,
 * re-adopts or adopts uses it.
 */
export function runsBridgeCommand(cmdline: readonly string[]): boolean {
  return cmdline.slice(1).some((arg) => BRIDGE_SUBCOMMANDS.has(arg));
}

// A `procStart` is comparable when it is a whole number (the CLI records start ticks as text).
function isComparable(procStart: string | null, startTicks: number): procStart is string {
  return procStart !== null && /^\d+$/.test(procStart) && Number.isFinite(startTicks);
}

/**
 * Whether the pointer's writer still runs. A pid alone cannot rule out reuse, so a live pid
 * without a comparable start time is `unverified` (callers treat it as alive: fail closed).
 */
export async function checkPointerWriter(
  pointer: BridgePointer,
  identityOf: IdentityOf,
): Promise<WriterState> {
  if (pointer.pid === null) return 'dead';
  const identity = await identityOf(pointer.pid);
  return identity === null ? 'dead' : judgePointerWriter(pointer, identity);
}

/** checkPointerWriter() for an identity the caller read already (of the pointer's live pid). */
export function judgePointerWriter(pointer: BridgePointer, identity: ProcessIdentity): WriterState {
  if (!isComparable(pointer.procStart, identity.startTicks)) return 'unverified';
  // The one rule for "this live process wrote the pointer": equal start ticks.
  if (Number(pointer.procStart) === identity.startTicks) return 'same';
  // A different start time means a recycled pid, unless it still runs a bridge: then the
  // format may just differ from ours, so keep it alive.
  return runsBridgeCommand(identity.cmdline) ? 'unverified' : 'dead';
}
