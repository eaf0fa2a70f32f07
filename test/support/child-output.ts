import type { ChildProcess } from 'node:child_process';

export interface ChildOutput {
  stdout(): string;
  stderr(): string;
  /** stdout and stderr interleaved as they arrived. */
  all(): string;
}

/** Collects what a child spawned with piped stdout/stderr writes (as UTF-8 text). */
export function captureOutput(child: ChildProcess): ChildOutput {
  let out = '';
  let err = '';
  let all = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    all += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
    all += chunk;
  });
  return { stdout: () => out, stderr: () => err, all: () => all };
}
