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

/** The real process's streams, env, cwd, signals and Node deps. */
export function createProcessIo(): CliIo {
  return {
    stdout: (text) => {
      process.stdout.write(text);
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
