/**
 * Where a bridge's logs live: state_dir/logs/<bridgeId>/{debug,stdout,stderr}.log, plus a
 * private `<stream>.raw.log` beside each when logs.redact_session_url keeps the public file
 * redacted, and rotated copies `<file>.1 … .N`. Invariant: a path is only ever built from a
 * validated bridge id (`br-` + 12 base32 characters), so no input can leave state_dir/logs.
 */
import { join } from 'node:path';
import type { Fs } from '../system/ports.js';
import { BRIDGE_ID_RE } from './record.js';

export const LOG_STREAMS = ['debug', 'stdout', 'stderr'] as const;
export type LogStream = (typeof LOG_STREAMS)[number];

/** True for a well-formed bridge id. */
export function isBridgeId(id: string): boolean {
  return BRIDGE_ID_RE.test(id);
}

/** True for one of the three stream names. */
export function isLogStream(name: string): name is LogStream {
  return (LOG_STREAMS as readonly string[]).includes(name);
}

/** state_dir/logs, the parent of every log set. */
export function logsRoot(stateDir: string): string {
  return join(stateDir, 'logs');
}

/** The log set directory of one bridge; throws on a malformed id. */
export function logSetDir(stateDir: string, bridgeId: string): string {
  if (!isBridgeId(bridgeId))
    throw new RangeError(
      `bridge id: expected br-<12 base32>, got ${JSON.stringify(bridgeId.slice(0, 40))}`,
    );
  return join(logsRoot(stateDir), bridgeId);
}

/** The public (or, with `raw`, the private verbatim) file of one stream. */
export function logFilePath(
  stateDir: string,
  bridgeId: string,
  stream: LogStream,
  raw = false,
): string {
  return join(logSetDir(stateDir, bridgeId), raw ? `${stream}.raw.log` : `${stream}.log`);
}

/** The verbatim file of a stream: the raw copy when one exists, else the public file. */
export async function resolveVerbatimPath(
  stateDir: string,
  bridgeId: string,
  stream: LogStream,
  deps: { fs: Fs },
): Promise<string> {
  const raw = logFilePath(stateDir, bridgeId, stream, true);
  try {
    await deps.fs.access(raw);
    return raw;
  } catch {
    return logFilePath(stateDir, bridgeId, stream);
  }
}

/** True when the bridge has a log set directory on disk. */
export async function hasLogSet(
  stateDir: string,
  bridgeId: string,
  deps: { fs: Fs },
): Promise<boolean> {
  if (!isBridgeId(bridgeId)) return false;
  try {
    return (await deps.fs.stat(logSetDir(stateDir, bridgeId))).isDirectory();
  } catch {
    return false;
  }
}
