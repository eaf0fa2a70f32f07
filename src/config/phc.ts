/**
 * Password-hash policy (security.md R-PW-2). Invariant: only a PHC `$argon2id$v=19$…` string
 * whose cost is at or above the OWASP floor passes (m ≥ 19456 KiB with t ≥ 2, or m ≥ 47104
 * with t = 1; p ≥ 1). Detail strings describe the parameters, never the hash itself.
 */
import { fail, ok, type Result } from '../result.js';

export interface Argon2Params {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

// The argon2 npm package writes `m=…,p=…,t=…`; the reference C tool writes `m=…,t=…,p=…`.
// Both orders are accepted, each parameter exactly once.
const PHC_RE = /^\$argon2id\$v=19\$([a-z0-9=,]+)\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{16,}$/;
const PARAM_RE = /^([mtp])=([1-9]\d{0,9})$/;

function parseParams(text: string): Argon2Params | null {
  const values = new Map<string, number>();
  for (const part of text.split(',')) {
    const match = PARAM_RE.exec(part);
    if (match === null || values.has(match[1] as string)) return null;
    values.set(match[1] as string, Number(match[2]));
  }
  const [m, t, p] = [values.get('m'), values.get('t'), values.get('p')];
  if (m === undefined || t === undefined || p === undefined) return null;
  return { memoryKiB: m, iterations: t, parallelism: p };
}

/** Parses an argon2id PHC string's cost parameters (m, t, p in any order). */
export function parseArgon2Phc(hash: string): Result<Argon2Params, 'not-argon2id'> {
  const match = PHC_RE.exec(hash);
  const params = match === null ? null : parseParams(match[1] as string);
  if (params === null) {
    const scheme = /^\$([a-z0-9-]+)\$/.exec(hash)?.[1];
    return fail(
      'not-argon2id',
      scheme ? `a hash of scheme ${scheme}` : 'a string that is not a PHC hash',
    );
  }
  return ok(params);
}

/** True when the parameters meet the OWASP argon2id floor. */
export function meetsArgon2Floor(params: Argon2Params): boolean {
  if (params.parallelism < 1) return false;
  if (params.iterations >= 2) return params.memoryKiB >= 19_456;
  return params.memoryKiB >= 47_104;
}

/** Checks a configured password hash: argon2id PHC and at least the floor. */
export function checkArgon2Hash(
  hash: string,
): Result<Argon2Params, 'not-argon2id' | 'below-floor'> {
  const parsed = parseArgon2Phc(hash);
  if (!parsed.ok) return parsed;
  if (!meetsArgon2Floor(parsed.value)) {
    const { memoryKiB, iterations, parallelism } = parsed.value;
    return fail('below-floor', `argon2id with m=${memoryKiB},t=${iterations},p=${parallelism}`);
  }
  return parsed;
}
