/**
 * Ports: the effects that core modules may use, passed in as parameters (style §2.3).
 * Types only — this file has no runtime code, so core modules may import it.
 */
import type * as fsp from 'node:fs/promises';

/** Wall clock in milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

/** The subset of `node:fs/promises` that core modules use. */
export type Fs = Pick<
  typeof fsp,
  | 'access'
  | 'appendFile'
  | 'chmod'
  | 'constants'
  | 'copyFile'
  | 'link'
  | 'lstat'
  | 'mkdir'
  | 'open'
  | 'readFile'
  | 'readdir'
  | 'readlink'
  | 'realpath'
  | 'rename'
  | 'rm'
  | 'rmdir'
  | 'stat'
  | 'symlink'
  | 'truncate'
  | 'unlink'
  | 'writeFile'
>;

/**
 * `{file}`: the child gets its own descriptor of the file (created 0600, O_APPEND, truncated
 * first unless `append`), never a pipe through this process, so it outlives the dashboard.
 */
export type StdioTarget = 'ignore' | 'pipe' | { file: string; append?: boolean };

export interface SpawnOptions {
  cwd?: string;
  /** The complete environment of the child; nothing is inherited. */
  env?: Record<string, string>;
  /** Own process group, not killed with the parent, survives a dashboard restart. */
  detached?: boolean;
  /** `ignore` means /dev/null. */
  stdin?: 'ignore' | 'pipe';
  stdout?: StdioTarget;
  stderr?: StdioTarget;
  /** Killed with SIGKILL after this many milliseconds. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ExitResult {
  exitCode: number | null;
  signal: string | null;
  /** Set when the process could not be started at all (ENOENT, EACCES…). */
  spawnError?: { code: string; message: string };
}

export interface ChildHandle {
  pid: number | undefined;
  /** Raw chunks of stdout/stderr when piped (decoded as UTF-8). */
  stdout?: AsyncIterable<string>;
  stderr?: AsyncIterable<string>;
  exited: Promise<ExitResult>;
  kill(signal?: NodeJS.Signals): boolean;
}

export type Spawn = (file: string, args: readonly string[], options?: SpawnOptions) => ChildHandle;

/** Identity of a live process, used to tell a re-adoptable bridge from a recycled pid. */
export interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks since boot (field 22 of /proc/<pid>/stat). */
  startTicks: number;
  bootId: string;
  cmdline: string[];
}

/** Where a live process runs and which process group it is in (adopting a bridge). */
export interface ProcessPlacement {
  /** Its resolved working directory (/proc/<pid>/cwd); null when it cannot be read. */
  cwd: string | null;
  /** Its process group id (field 5 of /proc/<pid>/stat). */
  pgid: number;
  /** Start time in clock ticks since boot (field 22), from the same read as `pgid`. */
  startTicks: number;
}

export interface Processes {
  /** Sends a signal to a pid, or to its whole process group when `group` is set. False if gone. */
  signal(pid: number, signal: NodeJS.Signals | 0, group?: boolean): boolean;
  /** The identity of a live pid, or null when it does not exist (or is a zombie). */
  identity(pid: number): Promise<ProcessIdentity | null>;
  /** The cwd, process group and start ticks of a live pid; null when gone (or a zombie). */
  placement(pid: number): Promise<ProcessPlacement | null>;
}

/** A process found by its command line: its identity and its owner (null when unreadable). */
export interface FoundProcess extends ProcessIdentity {
  /** The uid owning /proc/<pid>, read right after the identity. */
  uid: number | null;
}

/**
 * The live processes whose command line `match` accepts, each with its identity read after the
 * match (one bounded pass over /proc). `complete` is false when the pass was cut short (its
 * deadline or entry bound), so a process may have been missed. Never throws.
 */
export type FindProcesses = (
  match: (cmdline: readonly string[]) => boolean,
) => Promise<{ found: FoundProcess[]; complete: boolean }>;

/** One process of a bridge's tree, read from /proc. */
export interface ProcSample {
  pid: number;
  /** Start time in clock ticks since boot: with the pid, it names the process uniquely. */
  startTicks: number;
  /** utime + stime + cutime + cstime (its own CPU and its waited-for children's), in ticks. */
  cpuTicks: number;
  rssBytes: number;
  /** Storage bytes from /proc/<pid>/io (waited-for children included); null when unreadable. */
  readBytes: number | null;
  writeBytes: number | null;
}

/** Resource counters of process trees (Linux /proc). */
export interface ProcStats {
  /** Clock ticks per second (CLK_TCK). */
  ticksPerSecond(): Promise<number>;
  /** Online CPUs, for normalize_cpu. */
  cpuCount(): number;
  /**
   * Each root pid and its descendants, in one pass (at most one scan of /proc), one entry per
   * root, in order; [] for a root that is gone, a zombie, or (with `startTicks`) another
   * process now (a recycled pid). Never throws.
   */
  readTrees(roots: readonly ProcTreeRoot[]): Promise<ProcSample[][]>;
}

/** A tree to read: its root pid and, when known, the root's start time (field 22 of stat). */
export interface ProcTreeRoot {
  pid: number;
  startTicks: number | null;
}

export interface LookupAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves every A and AAAA record of a host name. */
export type Lookup = (hostname: string) => Promise<LookupAddress[]>;

export type Fetch = typeof fetch;

/**
 * Watches a file or directory (fs.watch) and calls `onChange`, maybe spuriously; events can
 * be missed, so callers also poll. Throws when the path does not exist.
 */
export type WatchPath = (path: string, onChange: () => void) => { close(): void };

export type Env = Readonly<Record<string, string | undefined>>;

/** Everything effectful, created once in server.ts or cli/main.ts. */
export interface Deps {
  clock: Clock;
  fs: Fs;
  spawn: Spawn;
  processes: Processes;
  lookup: Lookup;
  fetch: Fetch;
  env: Env;
  /** The home directory (from HOME in env), never os.homedir() in core code. */
  home: string;
  /** File change notifications; without it, watchers fall back to polling. */
  watch?: WatchPath;
  /** Per-process CPU, memory and disk counters; without it, no resource metrics. */
  procStats?: ProcStats;
  /** Processes by command line; without it, a bridge whose launch was cut short is not found. */
  findProcesses?: FindProcesses;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured app logger (created in src/system/logger.ts); messages are redacted on output. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}
