/**
 * The session secret as `run` will find it (auth/session-secret.ts picks the source, the
 * sealer in auth/sessions.ts reads it), judged once for `check-config` and for doctor's
 * state-files row. Invariant: read-only, and nothing here shows a secret, only sizes, error
 * codes and file names.
 */
import { join } from 'node:path';
import {
  findSessionSecretSource,
  MIN_SECRET_BYTES,
  readSecretMaterial,
  SESSION_SECRET_FILE,
  type SessionSecretSource,
} from '../auth/session-secret.js';
import { errnoCode, isDanglingLink } from '../fs-errors.js';
import { NOT_REGULAR_FILE, NotRegularFileError, readRegularFile } from '../state/regular-file.js';
import type { Env, Fs } from '../system/ports.js';
import type { ConfigProblem } from './problems.js';
import type { Config } from './schema.js';

/**
 * What keeps `run` from using the secret: a dangling link, a FIFO, socket or device (never
 * opened: its read could block for good), a read error, too few bytes.
 */
export type SessionSecretFault =
  | { kind: 'dangling' }
  | { kind: 'not-a-file' }
  | { kind: 'unreadable'; code: string }
  | { kind: 'short'; bytes: number };

/** Where run finds the session secret, and whether it reads it at all. */
export interface SessionSecretLocation {
  /** The source run uses; `state_dir` for the file it generates when none is set. */
  source: SessionSecretSource | { origin: 'state_dir'; file: string; generated: true };
  /** False for the generated file while auth and webhooks are off: run does not read it. */
  used: boolean;
}

// Why the file could not be read; null for the generated file not made yet (run makes it).
async function judgeReadError(
  error: unknown,
  file: string,
  generated: boolean,
  fs: Fs,
): Promise<SessionSecretFault | null> {
  if (error instanceof NotRegularFileError) return { kind: 'not-a-file' };
  const code = errnoCode(error) ?? 'error';
  if (code !== 'ENOENT') return { kind: 'unreadable', code };
  // A dangling link also fails run's exclusive create of the generated file.
  if (await isDanglingLink(file, fs)) return { kind: 'dangling' };
  return generated ? null : { kind: 'unreadable', code };
}

/**
 * The session secret's source (auth.session_secret_file, else CLAUSTER_SESSION_SECRET_FILE,
 * else CLAUSTER_SESSION_SECRET, else state_dir/session.secret) and whether run reads it: no
 * I/O, so an unused file is never touched.
 */
export function locateSessionSecret(config: Config, env: Env): SessionSecretLocation {
  const file = join(config.state_dir, SESSION_SECRET_FILE);
  const source = findSessionSecretSource(config.auth.session_secret_file, env) ?? {
    origin: 'state_dir' as const,
    file,
    generated: true as const,
  };
  const used = !('generated' in source) || config.auth.enabled || config.webhooks.enabled;
  return { source, used };
}

/**
 * What keeps run from using `source`, measured as the sealer measures it (readSecretMaterial);
 * null when run can use it (or, for the generated file, when it is not made yet).
 */
export async function measureSessionSecret(
  source: SessionSecretLocation['source'],
  fs: Fs,
): Promise<SessionSecretFault | null> {
  let bytes: Uint8Array;
  if ('value' in source) bytes = Buffer.from(source.value, 'utf8');
  else {
    try {
      bytes = await readRegularFile(source.file, fs);
    } catch (error) {
      return judgeReadError(error, source.file, 'generated' in source, fs);
    }
  }
  const material = readSecretMaterial(bytes).bytes;
  return material >= MIN_SECRET_BYTES ? null : { kind: 'short', bytes: material };
}

/**
 * The session secret's source, readable and at least 32 bytes, so `check-config` refuses
 * whatever `run` would. A source set on purpose (the key or a variable) is checked even while
 * auth and webhooks are off, as auth.session_secret_file always was: a broken secret is
 * refused before it is needed. Only sizes and the file name are shown.
 */
export async function checkSessionSecretSource(
  config: Config,
  deps: { fs: Fs; env: Env },
): Promise<ConfigProblem[]> {
  const { source, used } = locateSessionSecret(config, deps.env);
  // Not read by run (the generated file while auth and webhooks are off): left untouched.
  if (!used) return [];
  const fault = await measureSessionSecret(source, deps.fs);
  if (fault === null) return [];
  const path = source.origin;
  const file = 'file' in source ? source.file : null;
  // Only the generated file is created when missing; a source set on purpose must exist.
  const none = 'generated' in source ? ' (or none: one is created)' : '';
  if (fault.kind === 'dangling') {
    const found = `a symbolic link to a missing file at ${file}`;
    return [{ path, expected: `a readable file${none}`, found }];
  }
  if (fault.kind === 'not-a-file') {
    // Never opened: a FIFO's read would block check-config (and run) for good.
    const found = `${file} is ${NOT_REGULAR_FILE}`;
    return [{ path, expected: `a regular file${none}`, found }];
  }
  if (fault.kind === 'unreadable') {
    const what = fault.code === 'error' ? 'an error' : fault.code;
    return [{ path, expected: 'a readable file', found: `${what} reading ${file}` }];
  }
  const where = file === null ? '' : ` in ${file}`;
  return [
    {
      path,
      expected: `a session secret of at least ${MIN_SECRET_BYTES} bytes`,
      found: `one of ${fault.bytes} bytes${where}`,
    },
  ];
}
