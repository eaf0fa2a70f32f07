/**
 * A cached `git --version` for the clone gate (like src/claude/version-probe.ts): the same git
 * a clone runs (file `git` on the same PATH, the same locked environment), single-flight, killed
 * after `timeoutMs`. Invariants: only a reading that can pin is remembered (for `ttlMs`); any
 * other reading is taken again on the next read, so an upgraded git is seen at the next clone;
 * every failure is a reading (`ok: false`), never a rejection.
 */
import { readCommandOutput } from '../doctor/command-output.js';
import type { Clock, Spawn } from '../system/ports.js';
import { buildGitVersionCommand } from './clone-git.js';
import { type GitVersionReading, isPinningGit, readGitVersion } from './git-version.js';

export interface GitVersionProbe {
  read(): Promise<GitVersionReading>;
}

export interface GitVersionOptions {
  /** PATH a clone's git is found on. */
  path: string;
  /** HOME for the probe (no config is read: the environment is locked). */
  home: string;
  timeoutMs?: number;
  /** How long a version that can pin is remembered (default 10 min). */
  ttlMs?: number;
}

async function probeGitVersion(
  options: GitVersionOptions,
  deps: { spawn: Spawn },
): Promise<GitVersionReading> {
  const command = buildGitVersionCommand(options);
  const output = await readCommandOutput(
    command.file,
    command.args,
    {
      env: command.env,
      timeoutMs: options.timeoutMs ?? 5000,
      signal: new AbortController().signal,
    },
    deps,
  );
  return readGitVersion(output);
}

/** Creates the cached, single-flight probe. */
export function createGitVersionProbe(
  options: GitVersionOptions,
  deps: { spawn: Spawn; clock: Clock },
): GitVersionProbe {
  const ttlMs = options.ttlMs ?? 600_000;
  let good: { reading: GitVersionReading; at: number } | null = null;
  let pending: Promise<GitVersionReading> | null = null;
  return {
    read() {
      if (good !== null && deps.clock.now() - good.at < ttlMs) return Promise.resolve(good.reading);
      pending ??= probeGitVersion(options, deps)
        .catch((error: unknown): GitVersionReading => {
          const name = error instanceof Error ? error.name : 'error';
          return { ok: false, detail: `git --version could not be run (${name})` };
        })
        .then((reading) => {
          pending = null;
          good = isPinningGit(reading) ? { reading, at: deps.clock.now() } : null;
          return reading;
        });
      return pending;
    },
  };
}
