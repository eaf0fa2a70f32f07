// A fake `git` executable for tests: a /bin/sh script alone in a bin directory (put that
// directory on PATH). `git --version` prints the chosen text; any other call appends its
// arguments to a log file and fails like git does. Everything is baked into the script, since
// clone runs git with a locked environment (no test variables get through).
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChildHandle } from '../../src/system/ports.js';

export interface FakeGit {
  /** The directory holding `git`, for PATH. */
  bin: string;
  /** One line per call: the arguments, space-separated (`--version` included). */
  calls(): Promise<string[]>;
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * Writes `<dir>/bin/git`. `versionOutput` is printed as is by `git --version` (give the
 * newline yourself), which then exits with `versionExit` (default 0).
 */
export async function writeFakeGit(
  dir: string,
  options: { versionOutput: string; versionExit?: number },
): Promise<FakeGit> {
  const bin = join(dir, 'bin');
  const log = join(dir, 'git-calls.log');
  await mkdir(bin, { recursive: true });
  const script = [
    '#!/bin/sh',
    `printf '%s\\n' "$*" >> ${shellQuote(log)}`,
    'if [ "$1" = "--version" ]; then',
    `  printf '%s' ${shellQuote(options.versionOutput)}`,
    `  exit ${options.versionExit ?? 0}`,
    'fi',
    "echo 'fatal: fake git does not clone' >&2",
    'exit 128',
    '',
  ].join('\n');
  await writeFile(join(bin, 'git'), script);
  await chmod(join(bin, 'git'), 0o755);
  return {
    bin,
    async calls() {
      try {
        return (await readFile(log, 'utf8')).split('\n').filter((line) => line !== '');
      } catch {
        return [];
      }
    },
  };
}

/**
 * For a fake Spawn: the child of `git --version` (printing `git version <version>`), or null
 * for any other call. Clone asks git's version before an https clone by host name.
 */
export function answerGitVersion(args: readonly string[], version = '2.39.5'): ChildHandle | null {
  if (args[0] !== '--version') return null;
  async function* stdout(): AsyncGenerator<string> {
    yield `git version ${version}\n`;
  }
  return {
    pid: undefined,
    stdout: stdout(),
    exited: Promise.resolve({ exitCode: 0, signal: null }),
    kill: () => false,
  };
}
