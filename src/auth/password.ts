/**
 * Password hashing and verification (security.md §2, R-PW-1..3, R-AUTH-2).
 * Invariants: new hashes are argon2id m=65536 KiB, t=3, p=1, 16-byte salt, 32-byte tag;
 * a stored hash below the OWASP floor is refused; a password over 1024 bytes is refused
 * before any hashing; at most `maxConcurrent` (2) argon2 operations run at once, so peak
 * hash memory stays ≤ 128 MiB (the hash policy itself lives in config/phc.ts); when no hash is configured (or the user is unknown) a dummy
 * hash is verified anyway, so the answer takes the same time.
 */

import { createConcurrencyLimiter } from '../concurrency.js';
import { checkArgon2Hash } from '../config/phc.js';

type Argon2 = typeof import('argon2');
let argon2Module: Promise<Argon2> | undefined;

/** The argon2 binding, loaded on first use (a native addon: not needed to start serving). */
export function loadArgon2(): Promise<Argon2> {
  argon2Module ??= import('argon2');
  return argon2Module;
}

/** New-hash parameters (R-PW-1). */
export const ARGON2_PARAMS = { memoryCost: 65_536, timeCost: 3, parallelism: 1 } as const;
/** Longest password accepted, in UTF-8 bytes (R-AUTH-2). */
export const MAX_PASSWORD_BYTES = 1024;
/** Argon2 operations allowed at the same time (R-PW-3). */
export const MAX_CONCURRENT_HASHES = 2;
/** The single dashboard account name. */
export const ADMIN_USER = 'admin';

// A hash of a random throw-away string with the production parameters: verified when no
// password is configured so an attacker cannot tell "unset" from "wrong" by timing.
const DUMMY_HASH =
  '$argon2id$v=19$m=65536,p=1,t=3$hgK3o1TMw/BEhiN+CZmvMQ$JDy6MEiajuItQ45RvC+OZ6uZrSGqhKIIsmr3Ys9EMQE';

/** True when the password is within the byte limit and may be hashed. */
export function isPasswordLengthAcceptable(password: string): boolean {
  return Buffer.byteLength(password, 'utf8') <= MAX_PASSWORD_BYTES;
}

export type VerifyOutcome = 'match' | 'mismatch' | 'too-long';

export interface PasswordService {
  /** Hashes a new password with the production parameters. */
  hash(password: string): Promise<string>;
  /** Verifies `password` for `user` against `storedHash` (null = none configured). */
  verify(password: string, storedHash: string | null, user?: string): Promise<VerifyOutcome>;
}

/** Creates the hasher/verifier with its concurrency limit (one per process). */
export function createPasswordService(options: { maxConcurrent?: number } = {}): PasswordService {
  const run = createConcurrencyLimiter(options.maxConcurrent ?? MAX_CONCURRENT_HASHES);
  return {
    async hash(password) {
      if (!isPasswordLengthAcceptable(password)) {
        throw new PasswordInputError(`password: expected at most ${MAX_PASSWORD_BYTES} bytes`);
      }
      const argon2 = await loadArgon2();
      return run(() =>
        argon2.hash(password, { type: argon2.argon2id, hashLength: 32, ...ARGON2_PARAMS }),
      );
    },
    async verify(password, storedHash, user = ADMIN_USER) {
      // Refused before hashing: a megabyte password must not cost a megabyte of argon2 input.
      if (!isPasswordLengthAcceptable(password)) return 'too-long';
      const usable = storedHash !== null && user === ADMIN_USER && checkArgon2Hash(storedHash).ok;
      const digest = usable && storedHash !== null ? storedHash : DUMMY_HASH;
      const argon2 = await loadArgon2();
      const matched = await run(async () => {
        try {
          return await argon2.verify(digest, password);
        } catch {
          return false;
        }
      });
      return usable && matched ? 'match' : 'mismatch';
    },
  };
}

/** Thrown by hash() for input that must never reach argon2. */
export class PasswordInputError extends Error {
  readonly code = 'invalid-password' as const;
  constructor(message: string) {
    super(message);
    this.name = 'PasswordInputError';
  }
}
