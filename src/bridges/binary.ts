/**
 * Resolves `claude.binary` to an absolute executable before anything is spawned, so a missing
 * binary is a clear refusal naming the key instead of a half-started bridge.
 */
import { constants } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fail, ok, type Result } from '../result.js';
import type { Fs } from '../system/ports.js';

async function isExecutableFile(path: string, deps: { fs: Fs }): Promise<boolean> {
  try {
    await deps.fs.access(path, constants.X_OK);
    return (await deps.fs.stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The absolute path of `binary` (a path, or a name searched in `pathVar`). */
export async function resolveBinary(
  binary: string,
  pathVar: string | undefined,
  deps: { fs: Fs },
): Promise<Result<string, 'binary-not-found'>> {
  const shown = JSON.stringify(binary);
  if (binary.includes('/')) {
    if (!isAbsolute(binary)) {
      return fail(
        'binary-not-found',
        `claude.binary: expected an absolute path or a command name, got ${shown}`,
      );
    }
    if (await isExecutableFile(binary, deps)) return ok(binary);
    return fail('binary-not-found', `claude.binary: ${shown} does not exist or is not executable`);
  }
  for (const dir of (pathVar ?? '').split(':')) {
    if (!isAbsolute(dir)) continue;
    const candidate = join(dir, binary);
    if (await isExecutableFile(candidate, deps)) return ok(candidate);
  }
  return fail(
    'binary-not-found',
    `claude.binary: ${shown} was not found on PATH (set claude.binary to its absolute path, or add its directory to claude.path_append)`,
  );
}
