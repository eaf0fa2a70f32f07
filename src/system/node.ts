/**
 * The only real adapters: clock, fs, spawn (execa), processes (/proc), DNS lookup, fetch.
 * Everything else receives these through `Deps`.
 */
import { promises as dns } from 'node:dns';
import { closeSync, constants as fsConstants, openSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { homedir } from 'node:os';
import { execa } from 'execa';
import { watchPath } from './file-watch.js';
import type {
  ChildHandle,
  Deps,
  ExitResult,
  Lookup,
  Processes,
  ProcessIdentity,
  ProcessPlacement,
  Spawn,
  SpawnOptions,
  StdioTarget,
} from './ports.js';
import { createProcessFinder } from './proc-find.js';
import { createProcStats } from './proc-stats.js';
import { isGone, parseStat } from './proc-tree.js';

/**
 * A `{file}` target becomes a descriptor the child writes to itself. Why not execa's `{file}`:
 * execa 9 pipes it through this process, which ties a detached bridge's output to the
 * dashboard (EPIPE and lost output once it restarts) and keeps the dashboard's event loop
 * alive after SIGTERM. Always O_APPEND (copy-truncate rotation stays safe); O_TRUNC unless
 * `append` is set.
 */
function toExecaStdio(target: StdioTarget | undefined, opened: number[]): 'ignore' | 'pipe' | 3 {
  if (target === undefined) return 'ignore';
  if (typeof target === 'string') return target;
  const { O_APPEND, O_CREAT, O_TRUNC, O_WRONLY } = fsConstants;
  const flags = O_WRONLY | O_CREAT | O_APPEND | (target.append ? 0 : O_TRUNC);
  const fd = openSync(target.file, flags, 0o600);
  opened.push(fd);
  // execa passes an integer straight to child_process.spawn (the child gets its own copy of
  // the descriptor, no pipe); its types only spell out 3-9, hence the cast.
  return fd as 3;
}

function spawnExeca(
  file: string,
  args: readonly string[],
  options: SpawnOptions,
  stdio: { stdout: 'ignore' | 'pipe' | 3; stderr: 'ignore' | 'pipe' | 3 },
) {
  return execa(file, [...args], {
    cwd: options.cwd,
    env: options.env ?? {},
    extendEnv: false,
    detached: options.detached ?? false,
    cleanup: !options.detached,
    stdin: options.stdin ?? 'ignore',
    ...stdio,
    buffer: false,
    reject: false,
    timeout: options.timeoutMs,
    killSignal: 'SIGKILL',
    cancelSignal: options.signal,
    forceKillAfterDelay: false,
    windowsHide: true,
  });
}

function toExitResult(
  file: string,
  result: { exitCode?: number; signal?: string; failed: boolean; cause?: unknown },
): ExitResult {
  const code = (result.cause as NodeJS.ErrnoException | undefined)?.code;
  const spawnFailed = result.failed && result.exitCode === undefined && result.signal === undefined;
  return {
    exitCode: result.exitCode ?? null,
    signal: result.signal ?? null,
    ...(spawnFailed && code
      ? { spawnError: { code, message: `${code}: cannot start ${file}` } }
      : {}),
  };
}

// A `{file}` target that cannot be opened: reported like any other failed start.
function failedStart(file: string, error: unknown): ChildHandle {
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  const message = `${code}: cannot open an output file for ${file}`;
  const exited = Promise.resolve({ exitCode: null, signal: null, spawnError: { code, message } });
  return { pid: undefined, exited, kill: () => false };
}

function closeAll(fds: readonly number[]): void {
  for (const fd of fds) closeSync(fd);
}

/** Spawns through execa with no shell, an explicit environment and our result shape. */
export const spawnProcess: Spawn = (file, args, options: SpawnOptions = {}) => {
  const opened: number[] = [];
  let stdio: Parameters<typeof spawnExeca>[3];
  try {
    stdio = {
      stdout: toExecaStdio(options.stdout, opened),
      stderr: toExecaStdio(options.stderr, opened),
    };
  } catch (error) {
    closeAll(opened);
    return failedStart(file, error);
  }
  let subprocess: ReturnType<typeof execa>;
  try {
    subprocess = spawnExeca(file, args, options, stdio);
  } finally {
    // execa spawns synchronously: the child holds its own copies now, ours must not linger.
    closeAll(opened);
  }
  subprocess.stdout?.setEncoding('utf8');
  subprocess.stderr?.setEncoding('utf8');
  if (options.detached) subprocess.unref();
  const exited: Promise<ExitResult> = subprocess.then((result) => toExitResult(file, result));
  const handle: ChildHandle = {
    pid: subprocess.pid,
    exited,
    kill: (signal = 'SIGTERM') => subprocess.kill(signal),
  };
  if (subprocess.stdout) handle.stdout = subprocess.stdout as AsyncIterable<string>;
  if (subprocess.stderr) handle.stderr = subprocess.stderr as AsyncIterable<string>;
  return handle;
};

let bootIdCache: string | undefined;

async function readBootId(): Promise<string> {
  if (bootIdCache === undefined) {
    bootIdCache = (await fsp.readFile('/proc/sys/kernel/random/boot_id', 'utf8')).trim();
  }
  return bootIdCache;
}

/** Reads pid identity from /proc; null for a missing pid or a zombie. */
async function readIdentity(pid: number): Promise<ProcessIdentity | null> {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  let stat: string;
  let cmdline: string;
  try {
    stat = await fsp.readFile(`/proc/${pid}/stat`, 'utf8');
    cmdline = await fsp.readFile(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return null;
  }
  const info = parseStat(stat);
  if (info === null || isGone(info)) return null;
  return {
    pid,
    startTicks: info.startTicks,
    bootId: await readBootId(),
    cmdline: cmdline.split('\0').filter((part) => part.length > 0),
  };
}

/**
 * Reads a live pid's cwd, process group and start ticks from /proc; null for a missing pid or
 * a zombie. The start ticks tie the read to one process: callers compare them with identity().
 */
async function readPlacement(pid: number): Promise<ProcessPlacement | null> {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  let stat: string;
  try {
    stat = await fsp.readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const info = parseStat(stat);
  if (info === null || isGone(info) || !Number.isInteger(info.pgrp)) return null;
  // Another user's process (or one that just ended) has no readable cwd link.
  const cwd = await fsp.readlink(`/proc/${pid}/cwd`).catch(() => null);
  return { cwd, pgid: info.pgrp, startTicks: info.startTicks };
}

export const nodeProcesses: Processes = {
  signal(pid, signal, group = false) {
    try {
      process.kill(group ? -pid : pid, signal);
      return true;
    } catch {
      return false;
    }
  },
  identity: readIdentity,
  placement: readPlacement,
};

/** Resolves every A and AAAA record; a name with no records resolves to []. */
export const lookupAll: Lookup = async (hostname) => {
  const results = await dns.lookup(hostname, { all: true, verbatim: true });
  return results.map((r) => ({ address: r.address, family: r.family === 6 ? 6 : 4 }));
};

/** Builds the real dependency bundle from an environment (default: this process's). */
export function createNodeDeps(env: NodeJS.ProcessEnv = process.env): Deps {
  return {
    clock: { now: () => Date.now() },
    fs: fsp,
    spawn: spawnProcess,
    processes: nodeProcesses,
    lookup: lookupAll,
    fetch: globalThis.fetch.bind(globalThis),
    env,
    home: env.HOME && env.HOME.length > 0 ? env.HOME : homedir(),
    watch: watchPath,
    procStats: createProcStats({ spawn: spawnProcess, env }),
    findProcesses: createProcessFinder('/proc', readIdentity),
  };
}
