/**
 * API bearer tokens (`clauster_pat_…`, design §3, ASVS 5.0 7.2.3).
 * Invariants: a token is `clauster_pat_` + 43 base62 characters (≥ 256 bits from the
 * CSPRNG), shown once and stored only as its SHA-256; a presented token is hashed and
 * compared with crypto.timingSafeEqual against every stored hash, without early exit; a
 * revoked token stops working on the next request (the verifier stats tokens.json for every
 * request — requests in flight together share one stat — and re-reads it when it changed,
 * and lookup() by id gives the WebSocket registry the same answer for sockets already open);
 * the server writes last-used times at most once a minute per token.
 */
import * as nodeCrypto from 'node:crypto';
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { fail, ok, type Result } from '../result.js';
import type { Clock, Fs } from '../system/ports.js';
import {
  readTokenDocument,
  TOKENS_FILE,
  type TokenRecord,
  type TokenScope,
  updateTokenDocument,
} from './token-store.js';

export const TOKEN_PREFIX = 'clauster_pat_';
const TOKEN_BODY_LENGTH = 43;
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// Accepts legacy tokens (base64url bodies) too; anything else is refused before hashing.
const TOKEN_RE = /^clauster_pat_[A-Za-z0-9_-]{32,128}$/;
const LABEL_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const TOUCH_INTERVAL_MS = 60_000;

export type { TokenRecord, TokenScope } from './token-store.js';

/** The identity a verified token grants (no hash, no secret). */
export interface TokenIdentity {
  id: string;
  label: string;
  scopes: TokenScope[];
}

/** Mints a fresh token string (never stored). */
export function mintToken(): string {
  let body = '';
  for (let i = 0; i < TOKEN_BODY_LENGTH; i += 1) body += BASE62[randomInt(BASE62.length)];
  return `${TOKEN_PREFIX}${body}`;
}

/** Lowercase hex SHA-256 of a token string. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function newTokenId(): string {
  return `tok-${randomBytes(8).toString('hex')}`;
}

/** Issues a token: stores its hash under `label` and returns the token once. */
export async function issueToken(
  stateDir: string,
  options: { label: string; scopes?: TokenScope[] },
  deps: { fs: Fs; clock: Clock },
): Promise<Result<{ token: string; record: TokenRecord }, 'invalid-label' | 'duplicate-label'>> {
  if (!LABEL_RE.test(options.label)) {
    return fail('invalid-label', 'label: expected 1-64 of [A-Za-z0-9._-], starting alphanumeric');
  }
  const token = mintToken();
  const record: TokenRecord = {
    id: newTokenId(),
    label: options.label,
    hash: hashToken(token),
    scopes: options.scopes ?? ['api'],
    created_at: new Date(deps.clock.now()).toISOString(),
    last_used_at: null,
  };
  const added = await updateTokenDocument(
    stateDir,
    (doc) =>
      doc.tokens.some((t) => t.label === record.label)
        ? { doc: null, result: false }
        : { doc: { ...doc, tokens: [...doc.tokens, record] }, result: true },
    deps,
  );
  if (!added) return fail('duplicate-label', `label: "${options.label}" is already in use`);
  return ok({ token, record });
}

/** Lists stored token records (hashes included; callers must not print them). */
export async function listTokens(stateDir: string, deps: { fs: Fs }): Promise<TokenRecord[]> {
  return (await readTokenDocument(stateDir, deps)).tokens;
}

/** Removes the token whose id or label equals `labelOrId`. */
export async function revokeToken(
  stateDir: string,
  labelOrId: string,
  deps: { fs: Fs; clock: Clock },
): Promise<Result<TokenRecord, 'unknown-token'>> {
  const removed = await updateTokenDocument(
    stateDir,
    (doc) => {
      const hit = doc.tokens.find((t) => t.id === labelOrId || t.label === labelOrId);
      if (!hit) return { doc: null, result: null };
      return { doc: { ...doc, tokens: doc.tokens.filter((t) => t !== hit) }, result: hit };
    },
    deps,
  );
  return removed ? ok(removed) : fail('unknown-token', `no token with id or label "${labelOrId}"`);
}

function digestToken(presented: string): Buffer {
  // The one-shot crypto.hash (Node ≥ 20.12) skips the Hash object: about twice as fast.
  if (typeof nodeCrypto.hash === 'function') return nodeCrypto.hash('sha256', presented, 'buffer');
  return createHash('sha256').update(presented, 'utf8').digest();
}

function findTokenDigest(presented: string, digests: readonly Buffer[]): number {
  const digest = digestToken(presented);
  let found = -1;
  for (let i = 0; i < digests.length; i += 1) {
    const stored = digests[i] as Buffer;
    const same = stored.length === digest.length && timingSafeEqual(stored, digest);
    if (same && found === -1) found = i;
  }
  return found;
}

function toDigests(hashes: readonly string[]): Buffer[] {
  return hashes.map((hash) => Buffer.from(hash, 'hex'));
}

/** Constant-time lookup of `presented` among `hashes` (hex); returns the index or -1. */
export function findTokenHash(presented: string, hashes: readonly string[]): number {
  return findTokenDigest(presented, toDigests(hashes));
}

export interface TokenVerifier {
  /** The identity of a valid token, or null; never throws for bad input. */
  verify(presented: string): Promise<TokenIdentity | null>;
  /**
   * The current identity of the token with this id, or null once it is revoked — also when
   * tokens.json is gone, unreadable or malformed (fail closed). Same stat-and-reread as verify().
   */
  lookup(id: string): Promise<TokenIdentity | null>;
}

/**
 * A verifier over state_dir/tokens.json plus the legacy `auth.api_token_hash` (scope api)
 * and `observability.metrics_token_hash` (scope metrics); it re-reads
 * the file when its mtime or size changes and records last-used times in the background.
 */
export function createTokenVerifier(
  stateDir: string,
  options: {
    legacyHash?: string | null;
    metricsHash?: string | null;
    onError?: (error: unknown) => void;
  },
  deps: { fs: Fs; clock: Clock },
): TokenVerifier {
  const path = join(stateDir, TOKENS_FILE);
  const legacy: Array<[string, TokenIdentity]> = [];
  if (options.legacyHash) {
    legacy.push([
      options.legacyHash,
      { id: 'legacy', label: 'auth.api_token_hash', scopes: ['api'] },
    ]);
  }
  if (options.metricsHash) {
    const label = 'observability.metrics_token_hash';
    legacy.push([options.metricsHash, { id: 'legacy-metrics', label, scopes: ['metrics'] }]);
  }
  const legacyDigests = toDigests(legacy.map(([hash]) => hash));
  // Stored hashes are decoded once per version of tokens.json, not once per request.
  let cache: { stamp: string; tokens: TokenRecord[]; digests: Buffer[] } = {
    stamp: '',
    tokens: [],
    digests: legacyDigests,
  };
  let pendingStamp: Promise<string> | null = null;
  const lastTouch = new Map<string, number>();

  async function readStamp(): Promise<string> {
    const stat = await deps.fs.stat(path).catch(() => null);
    return stat ? `${stat.mtimeMs}:${stat.size}:${stat.ino}` : 'missing';
  }

  async function load(): Promise<typeof cache> {
    // Requests in flight together share one stat; a later request always gets its own.
    pendingStamp ??= readStamp().finally(() => {
      pendingStamp = null;
    });
    const stamp = await pendingStamp;
    if (stamp !== cache.stamp) {
      const tokens = (await readTokenDocument(stateDir, deps)).tokens;
      const digests = [...toDigests(tokens.map((t) => t.hash)), ...legacyDigests];
      cache = { stamp, tokens, digests };
    }
    return cache;
  }

  // Awaited (not fire-and-forget) so no write outlives the request; once a minute per token.
  async function touch(id: string): Promise<void> {
    const now = deps.clock.now();
    if (now - (lastTouch.get(id) ?? 0) < TOUCH_INTERVAL_MS) return;
    lastTouch.set(id, now);
    const at = new Date(now).toISOString();
    await updateTokenDocument(
      stateDir,
      (doc) => {
        const hit = doc.tokens.find((t) => t.id === id);
        if (!hit) return { doc: null, result: undefined };
        const tokens = doc.tokens.map((t) => (t === hit ? { ...t, last_used_at: at } : t));
        return { doc: { ...doc, tokens }, result: undefined };
      },
      deps,
    ).catch((error: unknown) => options.onError?.(error));
  }

  return {
    async lookup(id) {
      // Config-defined tokens live until a restart (which closes every socket anyway).
      const configured = legacy.find(([, identity]) => identity.id === id)?.[1];
      if (configured) return configured;
      let tokens: TokenRecord[];
      try {
        ({ tokens } = await load());
      } catch (error) {
        options.onError?.(error);
        return null;
      }
      const record = tokens.find((t) => t.id === id);
      return record ? { id: record.id, label: record.label, scopes: record.scopes } : null;
    },
    async verify(presented) {
      if (!TOKEN_RE.test(presented)) return null;
      let tokens: TokenRecord[];
      let digests: Buffer[];
      try {
        ({ tokens, digests } = await load());
      } catch (error) {
        options.onError?.(error);
        tokens = [];
        digests = legacyDigests;
      }
      const index = findTokenDigest(presented, digests);
      if (index === -1) return null;
      const record = tokens[index];
      if (!record) return legacy[index - tokens.length]?.[1] ?? null;
      await touch(record.id);
      return { id: record.id, label: record.label, scopes: record.scopes };
    },
  };
}
