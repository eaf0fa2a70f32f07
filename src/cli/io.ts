/**
 * CliIo: everything a CLI command touches, so commands run in-process in tests.
 * Only createProcessIo() reads the real process.
 */
import type { Readable } from 'node:stream';
import { createNodeDeps } from '../system/node.js';
import type { Deps, Env } from '../system/ports.js';

export type ShutdownSignal = 'SIGINT' | 'SIGTERM';

export interface CliIo {
  /** Writes text as-is to standard output (include the newline). */
  stdout(text: string): void;
  /** Writes text as-is to standard error (include the newline). */
  stderr(text: string): void;
  stdin: Readable;
  /** True when stdin is an interactive terminal (prompts allowed). */
  isTTY: boolean;
  env: Env;
  cwd: string;
  deps: Deps;
  /** Calls `listener` on SIGINT/SIGTERM until the returned function is called. */
  onShutdown(listener: (signal: ShutdownSignal) => void): () => void;
  /** Names the process in ps/top (`process.title`); absent in tests that run in-process. */
  setProcessTitle?(title: string): void;
}

/**
 * Exit status when standard output's reader went away (EPIPE, e.g. `clauster redact | head -1`):
 * 128 + SIGPIPE (13), what a shell reports for cat or grep ended by SIGPIPE, so scripts with
 * `set -o pipefail` treat clauster like any other filter. Nothing is printed: the reader
 * chose to stop reading, which is no error to report.
 */
export const CLOSED_STDOUT_EXIT = 141;

/** How createProcessIo() treats the process's streams. */
export interface ProcessIoOptions {
  /** The command running, named in the line about a failed stdout (`clauster <command>: …`). */
  command?: string;
  /**
   * Drop stdout write errors and keep going, as for stderr (`clauster run`: a dashboard must
   * not die, skipping its close and leaving its instance lock, because `| true` went away).
   */
  keepGoingOnStdoutError?: boolean;
}

/**
 * Ends the process quietly when stdout's reader is gone: without a listener the 'error' event
 * would crash with a stack trace, and a command still reading stdin or following a log would
 * never learn it should stop, so ending the process is the only way out. Another write error
 * (EIO, ENOSPC) is said in one line, exit 1. With `keepGoingOnStdoutError` every stdout error
 * is dropped instead. A stderr that fails is dropped: nothing is left to tell, and a dashboard
 * must not die because its log reader went away.
 */
function handleClosedStreams(options: ProcessIoOptions): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (options.keepGoingOnStdoutError === true) return;
    if (error.code === 'EPIPE') process.exit(CLOSED_STDOUT_EXIT);
    const prefix = options.command === undefined ? 'clauster' : `clauster ${options.command}`;
    process.stderr.write(`${prefix}: cannot write to standard output (${error.code ?? 'error'})\n`);
    process.exit(1);
  });
  process.stderr.on('error', () => undefined);
}

/**
 * Settles on the first SIGINT/SIGTERM. Until then a ref'd timer holds the event loop open:
 * the log tailer's watcher and poll timer are unref'd (they must not keep the dashboard
 * alive), so a command that only waits for a signal would otherwise end on its own.
 */
export function waitForShutdown(io: CliIo): Promise<ShutdownSignal> {
  return new Promise((resolve) => {
    const hold = setInterval(() => undefined, 2 ** 31 - 1);
    const off = io.onShutdown((signal) => {
      off();
      clearInterval(hold);
      resolve(signal);
    });
  });
}

/** The real process's streams, env, cwd, signals and Node deps. */
export function createProcessIo(options: ProcessIoOptions = {}): CliIo {
  handleClosedStreams(options);
  return {
    stdout: (text) => {
      // A stdout that failed is gone for good: later text is dropped, not written to it.
      if (!process.stdout.destroyed) process.stdout.write(text);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
    stdin: process.stdin,
    isTTY: process.stdin.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
    deps: createNodeDeps(process.env),
    onShutdown(listener) {
      const onInt = (): void => listener('SIGINT');
      const onTerm = (): void => listener('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
      return () => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
      };
    },
    setProcessTitle(title) {
      process.title = title;
    },
  };
}
