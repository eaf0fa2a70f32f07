import { PassThrough } from 'node:stream';
import type { CliIo, ShutdownSignal } from '../../src/cli/io.js';
import { createNodeDeps } from '../../src/system/node.js';
import type { Deps } from '../../src/system/ports.js';

export interface TestIo {
  io: CliIo;
  stdout(): string;
  stderr(): string;
  /** Feeds text to the command's stdin (ends it when `end` is set). */
  input(text: string, end?: boolean): void;
  /** Delivers SIGINT/SIGTERM to the command's shutdown listeners. */
  signal(signal: ShutdownSignal): void;
}

export interface TestIoOptions {
  home: string;
  cwd?: string;
  env?: Record<string, string>;
  isTTY?: boolean;
  deps?: Partial<Deps>;
}

/** An in-process CliIo over a temp HOME and a controlled env (never the real HOME). */
export function createTestIo(options: TestIoOptions): TestIo {
  let out = '';
  let err = '';
  const listeners = new Set<(signal: ShutdownSignal) => void>();
  const stdin = new PassThrough();
  const env = { HOME: options.home, PATH: process.env.PATH ?? '', ...options.env };
  const io: CliIo = {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    stdin,
    isTTY: options.isTTY ?? false,
    env,
    cwd: options.cwd ?? options.home,
    deps: { ...createNodeDeps(env), ...options.deps },
    onShutdown(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    io,
    stdout: () => out,
    stderr: () => err,
    input(text, end = false) {
      stdin.write(text);
      if (end) stdin.end();
    },
    signal(signal) {
      for (const listener of listeners) listener(signal);
    },
  };
}
