/**
 * The persistent session epoch (security.md R-SESS-1, ASVS 5.0 7.4.1 "per-user not-before").
 * Invariant: every sealed session carries the epoch it was issued under, and only a cookie
 * whose epoch equals the current one is accepted; logout bumps the epoch on disk (atomic
 * write) before anyone is told, so a restart never resurrects a revoked cookie. A corrupt
 * epoch file is an error, never silently "epoch 0". A missing one (first start, or a file
 * lost or deleted) starts a new random epoch, written before it is used: counting again from
 * 0 would accept every cookie of an old epoch that a logout had revoked, and the session
 * secret (which may come from outside state_dir) cannot tell a first start from a lost file.
 */
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { writeJsonAtomic } from '../state/atomic-write.js';
import { NOT_REGULAR_FILE, NotRegularFileError, readRegularFile } from '../state/regular-file.js';
import type { Fs } from '../system/ports.js';

export const EPOCH_FILE = 'session.epoch';

export interface EpochStore {
  /** The epoch in force right now. */
  current(): number;
  /** Persists epoch + 1, then notifies listeners; resolves to the new epoch. */
  bump(): Promise<number>;
  /** Calls `listener(newEpoch)` after every bump; returns an unsubscribe function. */
  onBump(listener: (epoch: number) => void): () => void;
}

/** Raised when session.epoch exists but cannot be trusted. */
export class EpochFileError extends Error {
  readonly code = 'epoch-corrupt' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EpochFileError';
  }
}

/** Reads state_dir/session.epoch; null when there is none (a broken symlink included). */
export async function readEpoch(stateDir: string, deps: { fs: Fs }): Promise<number | null> {
  const path = join(stateDir, EPOCH_FILE);
  let text: string;
  try {
    // Stat'ed before the read: a FIFO there would block the start for good.
    text = await readRegularFile(path, deps.fs, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (error instanceof NotRegularFileError) {
      const fix = 'remove it (a new epoch is then started: every browser logs in again)';
      throw new EpochFileError(`${path}: ${NOT_REGULAR_FILE}: ${fix}`, { cause: error });
    }
    throw new EpochFileError(`${path}: cannot read the session epoch`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new EpochFileError(`${path}: expected JSON {schema_version:1, epoch:N}`, {
      cause: error,
    });
  }
  const doc = parsed as { schema_version?: unknown; epoch?: unknown } | null;
  if (
    doc === null ||
    typeof doc !== 'object' ||
    doc.schema_version !== 1 ||
    !Number.isSafeInteger(doc.epoch) ||
    (doc.epoch as number) < 0
  ) {
    throw new EpochFileError(`${path}: expected {schema_version:1, epoch:<non-negative integer>}`);
  }
  return doc.epoch as number;
}

/** Writes the epoch document atomically (0600). */
export async function writeEpoch(stateDir: string, epoch: number, deps: { fs: Fs }): Promise<void> {
  await writeJsonAtomic(join(stateDir, EPOCH_FILE), { schema_version: 1, epoch }, {}, deps);
}

// Where a new epoch starts: far above any count of logouts from 0, and random, so it equals
// no epoch an earlier file held (two random starts meet with a chance of about 2^-47).
const NEW_EPOCH_MIN = 2 ** 40;
const NEW_EPOCH_MAX = 2 ** 47;

/** A fresh epoch for a state_dir without session.epoch. */
export function newEpochStart(): number {
  return randomInt(NEW_EPOCH_MIN, NEW_EPOCH_MAX);
}

/**
 * Loads the epoch once and keeps it in memory; bumps go to disk first. Without a
 * session.epoch it writes a new one (newEpochStart()) and calls `onStarted` with it.
 */
export async function createEpochStore(
  stateDir: string,
  deps: { fs: Fs },
  options: { onStarted?(epoch: number): void } = {},
): Promise<EpochStore> {
  const stored = await readEpoch(stateDir, deps);
  let epoch = stored ?? newEpochStart();
  if (stored === null) {
    await writeEpoch(stateDir, epoch, deps);
    options.onStarted?.(epoch);
  }
  const listeners = new Set<(epoch: number) => void>();
  let chain: Promise<number> = Promise.resolve(epoch);
  return {
    current: () => epoch,
    bump() {
      // Serialised so two concurrent logouts produce two distinct, persisted epochs.
      chain = chain
        .catch(() => epoch)
        .then(async () => {
          const next = epoch + 1;
          await writeEpoch(stateDir, next, deps);
          epoch = next;
          for (const listener of listeners) {
            try {
              listener(next);
            } catch {
              // A failing listener must not undo a revocation that is already on disk.
            }
          }
          return next;
        });
      return chain;
    },
    onBump(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
