// Spawning the fake `claude` from tests: a minimal env (temp HOME, no inherited CLAUDE_* or
// FAKE_CLAUDE_* variables), captured output, an exit promise, and a registry so `after` hooks
// can kill everything that is still running.
import { type ChildProcess, spawn } from 'node:child_process';
import { nodeProcesses } from '../../src/system/node.js';
import { createProcessFinder } from '../../src/system/proc-find.js';
import { captureOutput } from './child-output.js';
import { FAKE_CLAUDE_PATH, waitFor } from './fake-claude.js';

export interface FakeClaudeExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface FakeClaudeRun {
  child: ChildProcess;
  pid: number;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves when the process has exited. */
  exited: Promise<FakeClaudeExit>;
  /** Waits until stdout matches `pattern`; returns the match. */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

export interface StartFakeClaudeOptions {
  cwd: string;
  env: Record<string, string>;
  /** 'ignore' = /dev/null (EOF), 'pipe' = an open pipe (write via child.stdin); default 'ignore'. */
  stdin?: 'ignore' | 'pipe';
}

const running = new Set<ChildProcess>();

/** The one set of fake claude timing knobs that keeps tests quick (register, spinner, poll,
 * shutdown grace); a test that needs another value spreads this and overrides that key. */
export const FAST_FAKE_CLAUDE_KNOBS: Readonly<Record<string, string>> = {
  FAKE_CLAUDE_REGISTER_DELAY_MS: '30',
  FAKE_CLAUDE_SPINNER_MS: '10',
  FAKE_CLAUDE_POLL_MS: '100',
  FAKE_CLAUDE_SHUTDOWN_GRACE_MS: '500',
};

/** Env for the fake: PATH, HOME and TMPDIR plus the given variables (knobs and CLAUDE_*). */
export function buildFakeClaudeEnv(
  home: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TMPDIR: home, ...extra };
}

/** Starts `claude <args>` (the fake) and tracks it until it exits. */
export function startFakeClaude(args: string[], options: StartFakeClaudeOptions): FakeClaudeRun {
  const child = spawn(process.execPath, [FAKE_CLAUDE_PATH, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so killFakeClaudes() also reaches session children
  });
  running.add(child);
  const output = captureOutput(child);
  const exited = new Promise<FakeClaudeExit>((resolve) => {
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  if (child.pid === undefined) throw new Error('startFakeClaude: spawn failed');
  return {
    child,
    pid: child.pid,
    stdout: output.stdout,
    stderr: output.stderr,
    exited,
    waitForStdout: (pattern, timeoutMs = 15_000) =>
      waitFor(() => output.stdout().match(pattern), timeoutMs).catch(() => {
        const [out, err] = [output.stdout(), output.stderr()].map((text) => JSON.stringify(text));
        throw new Error(`stdout never matched ${pattern}; stdout=${out} stderr=${err}`);
      }),
  };
}

/** Runs the fake to completion with a deadline (SIGKILL after `timeoutMs`). */
export async function runFakeClaude(
  args: string[],
  options: StartFakeClaudeOptions & { timeoutMs?: number },
): Promise<FakeClaudeExit & { stdout: string; stderr: string }> {
  const run = startFakeClaude(args, options);
  const timer = setTimeout(() => killGroup(run.child), options.timeoutMs ?? 20_000);
  const result = await run.exited;
  clearTimeout(timer);
  return { ...result, stdout: run.stdout(), stderr: run.stderr() };
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** SIGKILLs every fake still running (call from `after`/`afterEach`). */
export async function killFakeClaudes(): Promise<void> {
  const pending = [...running].map(
    (child) =>
      new Promise<void>((resolve) => {
        child.once('close', () => resolve());
        killGroup(child);
      }),
  );
  await Promise.all(pending);
}

/** SIGKILLs the process group of each pid that still runs the fake (never a reused pid). */
export async function killFakeClaudeGroups(pids: Iterable<number>): Promise<void> {
  for (const pid of pids) {
    const identity = await nodeProcesses.identity(pid);
    if (identity?.cmdline.includes(FAKE_CLAUDE_PATH)) nodeProcesses.signal(pid, 'SIGKILL', true);
  }
}

/** The live fakes whose command line names a path inside `dir` (e.g. a state_dir's logs). */
export async function findFakeClaudesUnder(dir: string): Promise<number[]> {
  const find = createProcessFinder('/proc', nodeProcesses.identity);
  const found = await find(
    (cmdline) =>
      cmdline.includes(FAKE_CLAUDE_PATH) && cmdline.some((arg) => arg.startsWith(`${dir}/`)),
  );
  return found.found.map((identity) => identity.pid);
}

/**
 * SIGKILLs the group of every fake that names a path inside `dir`: also the bridges whose
 * pid no test saw (a launch cut short).
 */
export async function killFakeClaudesUnder(dir: string): Promise<void> {
  await killFakeClaudeGroups(await findFakeClaudesUnder(dir));
}

/** Sends `signal` to the fake and resolves with its exit. */
export function stopFakeClaude(
  run: FakeClaudeRun,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<FakeClaudeExit> {
  run.child.kill(signal);
  return run.exited;
}

/** Resolves true when `run` is still running after `ms`. */
export async function staysAlive(run: FakeClaudeRun, ms: number): Promise<boolean> {
  const result = await Promise.race([run.exited, new Promise((r) => setTimeout(r, ms, 'alive'))]);
  return result === 'alive';
}
