/**
 * Bench child processes (servers under test, so the load generator never shares their event
 * loop) that announce readiness with a stdout line: by default `READY {json}`. `stop()`
 * sends SIGTERM, then SIGKILL after a grace, and waits for the exit.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface ReadyChild<T> {
  child: ChildProcess;
  pid: number;
  ready: T;
  /** Every stdout line after the ready line arrives here (e.g. `GC`). */
  onLine(listener: (line: string) => void): void;
  /** The last 8 KiB the child wrote to stderr (for error messages). */
  stderr(): string;
  stop(): Promise<void>;
}

export interface ReadyChildOptions<T> {
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Turns a stdout line into the ready value, or undefined (default: `READY {json}`). */
  match?: (line: string) => T | undefined;
}

function matchReadyJson<T>(line: string): T | undefined {
  return line.startsWith('READY ') ? (JSON.parse(line.slice('READY '.length)) as T) : undefined;
}

/** Runs `node <nodeArgs>` and waits for its ready line. */
export async function startReadyChild<T>(
  nodeArgs: string[],
  options: ReadyChildOptions<T> = {},
): Promise<ReadyChild<T>> {
  const child = spawn(process.execPath, nodeArgs, {
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`node ${nodeArgs.join(' ')}: spawn failed`);
  const pid = child.pid;
  const match = options.match ?? matchReadyJson<T>;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const listeners: Array<(line: string) => void> = [];
  let err = '';
  let carry = '';
  let ready: T | undefined;
  let announce: ((value: T) => void) | undefined;
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err = (err + chunk).slice(-8192);
  });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (carry + chunk).split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) {
      if (ready !== undefined) {
        for (const listener of listeners) listener(line);
        continue;
      }
      ready = match(line);
      if (ready !== undefined) announce?.(ready);
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  async function stop(): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  try {
    const value = await new Promise<T>((resolve, reject) => {
      const what = `node ${nodeArgs.slice(-3).join(' ')}`;
      const timer = setTimeout(
        () =>
          reject(
            new Error(`${what}: not ready within ${timeoutMs} ms; stderr: ${err.slice(-500)}`),
          ),
        timeoutMs,
      );
      child.once('exit', (code) =>
        reject(new Error(`${what} exited ${code} before it was ready; stderr: ${err.slice(-500)}`)),
      );
      announce = (v) => {
        clearTimeout(timer);
        resolve(v);
      };
    });
    return {
      child,
      pid,
      ready: value,
      onLine: (listener) => listeners.push(listener),
      stderr: () => err,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
