/**
 * Sealed session cookies (security.md R-SESS-1/2, R-COOKIE-1/2, ASVS 5.0 7.2–7.4).
 * Invariants: a session is an iron-session seal of {sid, u, e, iat, lat} under a secret of
 * ≥ 32 bytes; it is accepted only if the seal verifies, its epoch equals the current epoch,
 * `iat` is not in the future (60 s skew), the absolute lifetime since `iat` and the idle time
 * since `lat` have not run out — all measured with the injected clock, never with the
 * cookie's Max-Age. Renewal slides `lat` only; `iat` never moves. A seal verified within the
 * last 10 s is not decrypted again (session-cache.ts): only the crypto is skipped, every
 * check above runs on every open against the epoch and clock of that moment.
 */
import { createHash, randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { sealData, unsealData } from 'iron-session';
import { errnoCode, isDanglingLink } from '../fs-errors.js';
import { fail, ok, type Result } from '../result.js';
import { NOT_REGULAR_FILE, NotRegularFileError, readRegularFile } from '../state/regular-file.js';
import type { Clock, Env, Fs } from '../system/ports.js';
import { createTtlCache, hashCacheKey, readSealExpiryMs } from './session-cache.js';
import {
  describeShortSecret,
  findSessionSecretSource,
  MIN_SECRET_BYTES,
  readSecretMaterial,
  SESSION_SECRET_FILE,
} from './session-secret.js';

export { SESSION_SECRET_FILE };

/** Minimum sealing secret length in bytes (iron-session refuses fewer than 32 characters). */
/** Default idle timeout (R-SESS-2). */
export const DEFAULT_IDLE_SECONDS = 86_400;
/** A seal is re-issued (sliding `lat`) at most this often. */
export const RENEW_AFTER_SECONDS = 60;
/** Tolerated clock skew for timestamps inside a seal. */
export const SKEW_SECONDS = 60;
// iron's `Fe26.2*id*salt*iv*data*expiry*salt*mac` plus iron-session's `~2` version tag;
// anything else (including a tampered tag, which the MAC does not cover) is refused.
const SEAL_RE =
  /^Fe26\.2\*\d+\*[0-9a-f]+\*[A-Za-z0-9_-]+\*[A-Za-z0-9_-]+\*\d*\*[0-9a-f]+\*[A-Za-z0-9_-]+~2$/;
const MAX_SEAL_LENGTH = 4096;

export interface SessionPayload {
  /** Random session id: keys the WebSocket registry, never a credential by itself. */
  sid: string;
  u: string;
  e: number;
  /** Issued at (unix seconds): the absolute lifetime counts from here. */
  iat: number;
  /** Last activity (unix seconds): the idle timeout counts from here. */
  lat: number;
}

export type SessionRefusal = 'malformed' | 'revoked' | 'expired' | 'idle' | 'future';

export interface SessionCodec {
  /** Seals a fresh session for `user` under `epoch`. */
  issue(user: string, epoch: number): Promise<{ seal: string; payload: SessionPayload }>;
  /** Opens and checks a seal; never throws for bad input. */
  open(seal: string, epoch: number): Promise<Result<SessionPayload, SessionRefusal>>;
  /**
   * A new seal with `lat` = now when the old one is older than RENEW_AFTER_SECONDS; requests
   * carrying the same old payload within the cache TTL share one renewal (lat ≤ 10 s old).
   */
  renew(payload: SessionPayload): Promise<{ seal: string; payload: SessionPayload } | null>;
  /** Seconds until the absolute lifetime of `payload` ends (for the cookie's Max-Age). */
  remainingSeconds(payload: SessionPayload): number;
}

export interface SessionCodecOptions {
  secret: string;
  maxAgeSeconds: number;
  idleSeconds?: number;
  /** Bounds of the verified-seal memo (defaults: 1024 entries, 10 s, also the maximum). */
  cache?: { capacity?: number; ttlMs?: number };
}

/** Raised when no usable sealing secret can be found or created. */
export class SessionSecretError extends Error {
  readonly code = 'session-secret' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SessionSecretError';
  }
}

/** `clauster_session_<8 hex of sha256(resolved state_dir)>`, `__Host-`-prefixed when Secure. */
export function buildSessionCookieName(stateDir: string, secure: boolean): string {
  const short = createHash('sha256').update(resolve(stateDir)).digest('hex').slice(0, 8);
  return `${secure ? '__Host-' : ''}clauster_session_${short}`;
}

function secretFromBytes(bytes: Buffer, origin: string): string {
  const material = readSecretMaterial(bytes);
  if (material.bytes < MIN_SECRET_BYTES) {
    throw new SessionSecretError(describeShortSecret(origin, material.bytes));
  }
  return material.secret;
}

async function readSecretFile(path: string, origin: string, fs: Fs): Promise<string> {
  try {
    // Stat'ed before the read: a FIFO there would block the start for good.
    return secretFromBytes(await readRegularFile(path, fs), origin);
  } catch (error) {
    if (error instanceof SessionSecretError) throw error;
    if (error instanceof NotRegularFileError) {
      const fix =
        origin === SESSION_SECRET_FILE
          ? 'remove it: clauster run creates a new one'
          : `point ${origin} at a regular file`;
      throw new SessionSecretError(
        `cannot read the session secret from ${origin} (${path}): ${NOT_REGULAR_FILE}; ${fix}`,
      );
    }
    // Worded so the redactor finds no `secret: value` pair in it; the code says why.
    const code = errnoCode(error) ?? 'error';
    const dangling =
      code === 'ENOENT' && (await isDanglingLink(path, fs))
        ? ' (a symbolic link to a missing file)'
        : '';
    throw new SessionSecretError(
      `cannot read the session secret from ${origin} (${path}): ${code}${dangling}`,
      { cause: error },
    );
  }
}

/**
 * Finds the sealing secret: auth.session_secret_file, then CLAUSTER_SESSION_SECRET_FILE,
 * then CLAUSTER_SESSION_SECRET, else state_dir/session.secret (created once: 32 random
 * bytes, 0600, O_EXCL so two starters never write different secrets).
 */
export async function resolveSessionSecret(
  stateDir: string,
  options: { secretFile?: string | null },
  deps: { fs: Fs; env: Env },
): Promise<string> {
  const source = findSessionSecretSource(options.secretFile, deps.env);
  if (source !== null) {
    if ('file' in source) return readSecretFile(source.file, source.origin, deps.fs);
    return secretFromBytes(Buffer.from(source.value, 'utf8'), source.origin);
  }
  const path = join(stateDir, SESSION_SECRET_FILE);
  try {
    const generated = randomBytes(32).toString('base64url');
    await deps.fs.writeFile(path, `${generated}\n`, { flag: 'wx', mode: 0o600 });
    return generated;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new SessionSecretError(`cannot create ${path}`, { cause: error });
    }
  }
  return readSecretFile(path, SESSION_SECRET_FILE, deps.fs);
}

function isPayload(value: unknown): value is SessionPayload {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.sid === 'string' &&
    typeof v.u === 'string' &&
    Number.isSafeInteger(v.e) &&
    Number.isSafeInteger(v.iat) &&
    Number.isSafeInteger(v.lat)
  );
}

/** Creates the seal/open/renew functions for one secret and lifetime policy. */
export function createSessionCodec(
  options: SessionCodecOptions,
  deps: { clock: Clock },
): SessionCodec {
  const { secret, maxAgeSeconds } = options;
  const idleSeconds = Math.min(options.idleSeconds ?? DEFAULT_IDLE_SECONDS, maxAgeSeconds);
  const nowSeconds = (): number => Math.floor(deps.clock.now() / 1000);
  // Skips only the crypto of a recently verified seal; every policy check below still runs.
  const verified = createTtlCache<SessionPayload>(options.cache);
  const renewals = createTtlCache<{ seal: string; payload: SessionPayload }>(options.cache);
  const remember = (sealed: string, payload: SessionPayload): void =>
    verified.set(
      hashCacheKey(sealed),
      Object.freeze({ ...payload }),
      deps.clock.now(),
      readSealExpiryMs(sealed) ?? undefined,
    );
  // iron's own expiry (real time) is a second, independent fence behind ours.
  const seal = async (payload: SessionPayload): Promise<string> => {
    const sealed = await sealData(payload, { password: secret, ttl: maxAgeSeconds });
    remember(sealed, payload);
    return sealed;
  };
  async function unseal(sealed: string): Promise<SessionPayload | null> {
    const hit = verified.get(hashCacheKey(sealed), deps.clock.now());
    if (hit !== undefined) return hit;
    let data: unknown;
    try {
      data = await unsealData<SessionPayload>(sealed, { password: secret, ttl: maxAgeSeconds });
    } catch {
      return null;
    }
    if (!isPayload(data)) return null;
    remember(sealed, data);
    return data;
  }

  return {
    async issue(user, epoch) {
      const now = nowSeconds();
      const payload = {
        sid: randomBytes(16).toString('base64url'),
        u: user,
        e: epoch,
        iat: now,
        lat: now,
      };
      return { seal: await seal(payload), payload };
    },
    async open(sealed, epoch) {
      if (sealed.length > MAX_SEAL_LENGTH || !SEAL_RE.test(sealed)) {
        return fail('malformed', 'session cookie cannot be opened');
      }
      const data = await unseal(sealed);
      if (data === null) return fail('malformed', 'session cookie cannot be opened');
      const now = nowSeconds();
      if (data.iat > now + SKEW_SECONDS || data.lat > now + SKEW_SECONDS || data.lat < data.iat) {
        return fail('future', 'session timestamps are not plausible');
      }
      if (data.e !== epoch) return fail('revoked', 'session was logged out');
      if (now - data.iat >= maxAgeSeconds) return fail('expired', 'session lifetime ended');
      if (now - data.lat >= idleSeconds) return fail('idle', 'session idle timeout reached');
      return ok(data);
    },
    async renew(payload) {
      const now = nowSeconds();
      if (now - payload.lat < RENEW_AFTER_SECONDS) return null;
      const key = hashCacheKey(
        JSON.stringify([payload.sid, payload.u, payload.e, payload.iat, payload.lat]),
      );
      const shared = renewals.get(key, deps.clock.now());
      if (shared !== undefined) return shared;
      const next = { ...payload, lat: now };
      const renewed = { seal: await seal(next), payload: next };
      renewals.set(key, renewed, deps.clock.now());
      return renewed;
    },
    remainingSeconds(payload) {
      return Math.max(0, payload.iat + maxAgeSeconds - nowSeconds());
    },
  };
}
