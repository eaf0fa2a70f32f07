/**
 * A cached `claude --version` for /healthz (cached-probe.ts: single-flight, a known value
 * served at once and refreshed in the background when stale, so health checks never queue
 * behind the CLI); the probe is killed after `timeoutMs`.
 */
import { resolveBinary } from '../bridges/binary.js';
import { readCommandOutput } from '../doctor/command-output.js';
import { formatVersion, parseClaudeVersion } from '../doctor/version-compare.js';
import type { Clock, Fs, Spawn } from '../system/ports.js';
import { createCachedProbe } from './cached-probe.js';

export interface ClaudeVersionProbe {
  /** `2.1.197`, or null when the binary is missing, fails, hangs or prints something else. */
  read(): Promise<string | null>;
}

export interface ClaudeVersionOptions {
  /** claude.binary (a command name or an absolute path). */
  binary: string;
  /** The environment a bridge gets (its PATH is searched for `binary`). */
  env: Record<string, string>;
  timeoutMs?: number;
  /** How long a version is served before it is refreshed (default 10 min). */
  ttlMs?: number;
  /** How long a failed probe is remembered (default 30 s). */
  failureTtlMs?: number;
}

async function probeVersion(
  options: ClaudeVersionOptions,
  deps: { spawn: Spawn; fs: Fs },
): Promise<string | null> {
  const binary = await resolveBinary(options.binary, options.env.PATH, deps);
  if (!binary.ok) return null;
  const output = await readCommandOutput(
    binary.value,
    ['--version'],
    {
      env: options.env,
      timeoutMs: options.timeoutMs ?? 3000,
      signal: new AbortController().signal,
    },
    deps,
  );
  if (output.spawnError !== null || output.exitCode !== 0) return null;
  const version = parseClaudeVersion(output.stdout);
  return version === null ? null : formatVersion(version);
}

/** Creates the cached, single-flight probe. */
export function createClaudeVersionProbe(
  options: ClaudeVersionOptions,
  deps: { spawn: Spawn; fs: Fs; clock: Clock },
): ClaudeVersionProbe {
  const ttlMs = options.ttlMs ?? 600_000;
  const failureTtlMs = options.failureTtlMs ?? 30_000;
  const probe = createCachedProbe(
    () => probeVersion(options, deps).catch(() => null),
    { ttlMs: (value) => (value === null ? failureTtlMs : ttlMs) },
    deps.clock,
  );
  return { read: probe.read };
}
