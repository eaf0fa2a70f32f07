/**
 * state_dir/tokens.json: the API token records, read and changed only under a sidecar lock.
 * Invariants: the file holds SHA-256 hashes, never a token; every change is read → modify →
 * atomic write while holding `tokens.json.lock` (O_EXCL), so a `clauster api-token revoke`
 * and the server's last-used update can never undo each other; a malformed file is an
 * error, never "no tokens".
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeJsonAtomic } from '../state/atomic-write.js';
import { NOT_REGULAR_FILE, NotRegularFileError, readRegularFile } from '../state/regular-file.js';
import type { Clock, Fs } from '../system/ports.js';

export const TOKENS_FILE = 'tokens.json';
const LOCK_STALE_MS = 10_000;
const LOCK_WAIT_MS = 5_000;
const LOCK_POLL_MS = 25;

export type TokenScope = 'api' | 'metrics';

export interface TokenRecord {
  id: string;
  label: string;
  /** Lowercase hex SHA-256 of the whole token string. */
  hash: string;
  scopes: TokenScope[];
  created_at: string;
  last_used_at: string | null;
}

export interface TokenDocument {
  schema_version: 1;
  tokens: TokenRecord[];
}

/** Raised when tokens.json is unreadable, malformed or locked for too long. */
export class TokenStoreError extends Error {
  readonly code = 'token-store' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TokenStoreError';
  }
}

function isRecord(value: unknown): value is TokenRecord {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.id === 'string' &&
    typeof v.label === 'string' &&
    typeof v.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(v.hash) &&
    Array.isArray(v.scopes) &&
    v.scopes.every((s) => s === 'api' || s === 'metrics') &&
    typeof v.created_at === 'string' &&
    (v.last_used_at === null || typeof v.last_used_at === 'string')
  );
}

/** Reads tokens.json; a missing file is an empty store. */
export async function readTokenDocument(
  stateDir: string,
  deps: { fs: Fs },
): Promise<TokenDocument> {
  const path = join(stateDir, TOKENS_FILE);
  let text: string;
  try {
    // Stat'ed before the read: a FIFO there would block every token check for good.
    text = await readRegularFile(path, deps.fs, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { schema_version: 1, tokens: [] };
    if (error instanceof NotRegularFileError) {
      throw new TokenStoreError(`${path}: ${NOT_REGULAR_FILE}: remove it`, { cause: error });
    }
    throw new TokenStoreError(`${path}: cannot read`, { cause: error });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new TokenStoreError(`${path}: expected JSON`, { cause: error });
  }
  const d = doc as { schema_version?: unknown; tokens?: unknown } | null;
  if (d === null || typeof d !== 'object' || d.schema_version !== 1 || !Array.isArray(d.tokens)) {
    throw new TokenStoreError(`${path}: expected {schema_version:1, tokens:[…]}`);
  }
  const bad = d.tokens.findIndex((t) => !isRecord(t));
  if (bad !== -1) throw new TokenStoreError(`${path}: tokens[${bad}] is not a valid token record`);
  return { schema_version: 1, tokens: d.tokens as TokenRecord[] };
}

async function acquireLock(
  path: string,
  deps: { fs: Fs; clock: Clock },
): Promise<() => Promise<void>> {
  const deadline = deps.clock.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const handle = await deps.fs.open(path, 'wx', 0o600);
      await handle.close();
      return () => deps.fs.rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // A lock left by a crashed writer is taken over once it is clearly stale.
    const stat = await deps.fs.stat(path).catch(() => null);
    if (stat && deps.clock.now() - stat.mtimeMs > LOCK_STALE_MS) {
      await deps.fs.rm(path, { force: true });
      continue;
    }
    if (deps.clock.now() > deadline) throw new TokenStoreError(`${path}: lock held too long`);
    await sleep(LOCK_POLL_MS);
  }
}

/** Applies `change` under the lock and writes its document atomically (`doc: null` = no write). */
export async function updateTokenDocument<T>(
  stateDir: string,
  change: (doc: TokenDocument) => { doc: TokenDocument | null; result: T },
  deps: { fs: Fs; clock: Clock },
): Promise<T> {
  const release = await acquireLock(join(stateDir, `${TOKENS_FILE}.lock`), deps);
  try {
    const { doc, result } = change(await readTokenDocument(stateDir, deps));
    if (doc !== null) await writeJsonAtomic(join(stateDir, TOKENS_FILE), doc, {}, deps);
    return result;
  } finally {
    await release();
  }
}
