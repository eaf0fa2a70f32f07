/**
 * Runs a short informational command (`claude --version`, `git --version`) through the Spawn
 * port. Invariant: the child gets only the environment passed in, its output is capped, and it
 * is killed when the check's deadline fires.
 */
import type { Spawn } from '../system/ports.js';

const MAX_OUTPUT = 4096;

export interface CommandOutput {
  exitCode: number | null;
  signal: string | null;
  /** Set when the command could not be started (ENOENT, EACCES…). */
  spawnError: string | null;
  /** The first 4 KiB of stdout. */
  stdout: string;
}

/** Runs `file args…` and collects its stdout; never rejects for a failing command. */
export async function readCommandOutput(
  file: string,
  args: readonly string[],
  options: { env: Record<string, string>; timeoutMs: number; signal: AbortSignal },
  deps: { spawn: Spawn },
): Promise<CommandOutput> {
  const child = deps.spawn(file, args, {
    env: options.env,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'ignore',
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  });
  let stdout = '';
  const reading = (async () => {
    if (!child.stdout) return;
    for await (const chunk of child.stdout) {
      if (stdout.length < MAX_OUTPUT) stdout += chunk;
    }
  })().catch(() => {});
  const exit = await child.exited;
  await reading;
  return {
    exitCode: exit.exitCode,
    signal: exit.signal,
    spawnError: exit.spawnError ? exit.spawnError.code : null,
    stdout: stdout.slice(0, MAX_OUTPUT),
  };
}
