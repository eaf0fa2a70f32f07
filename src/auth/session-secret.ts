/**
 * The session secret's source and strength, shared by the sealer (sessions.ts) and the config
 * verdict (config/session-secret-rules.ts), so `clauster check-config` refuses exactly what
 * `run` would. Invariant: pure; nothing here reads a file or shows a secret, only sizes and
 * source names.
 */
import type { Env } from '../system/ports.js';

/** The least a sealing or HMAC secret may hold. */
export const MIN_SECRET_BYTES = 32;

/** The secret clauster generates in state_dir when no source is set. */
export const SESSION_SECRET_FILE = 'session.secret';

/** Where the session secret comes from, first match wins; null: generated in state_dir. */
export type SessionSecretSource =
  | { origin: 'auth.session_secret_file' | 'CLAUSTER_SESSION_SECRET_FILE'; file: string }
  | { origin: 'CLAUSTER_SESSION_SECRET'; value: string };

/** The source resolveSessionSecret() uses: the config's file, the env file, the env value. */
export function findSessionSecretSource(
  secretFile: string | null | undefined,
  env: Env,
): SessionSecretSource | null {
  if (secretFile) return { origin: 'auth.session_secret_file', file: secretFile };
  const envFile = env.CLAUSTER_SESSION_SECRET_FILE;
  if (envFile) return { origin: 'CLAUSTER_SESSION_SECRET_FILE', file: envFile };
  const value = env.CLAUSTER_SESSION_SECRET;
  if (value) return { origin: 'CLAUSTER_SESSION_SECRET', value };
  return null;
}

/**
 * The secret that `bytes` (a file's or an env value's) give, and how many bytes of material
 * it holds: printable text is used trimmed; anything else (raw random bytes, as the Python
 * original wrote) through its hex form, counted as the raw bytes.
 */
export function readSecretMaterial(bytes: Uint8Array): { secret: string; bytes: number } {
  const buffer = Buffer.from(bytes);
  const text = buffer.toString('utf8').trim();
  if (/^[\x21-\x7e]+$/.test(text)) return { secret: text, bytes: Buffer.byteLength(text) };
  return { secret: buffer.toString('hex'), bytes: buffer.length };
}

/** The words for a secret from `origin` that is too short (never a `key: value` shape). */
export function describeShortSecret(origin: string, bytes: number): string {
  const need = `at least ${MIN_SECRET_BYTES} are needed`;
  return `the session secret from ${origin} is too short: it holds ${bytes} bytes, ${need}`;
}
