/**
 * Append-only audit trail: one JSON line per state transition in state_dir/audit.jsonl, rotated
 * by size into audit.jsonl.1 (newest) … audit.jsonl.5 (oldest), all 0600.
 *
 * Invariants: every entry is one whole line written by one O_APPEND write (entries are far below
 * the 512 KiB chunk in which Node writes files), so lines from this process and from another
 * never tear or interleave; the appends of one log are serialised and land in call order; an
 * entry is never dropped because rotation failed (it goes to the current file instead).
 *
 * Who rotates: only the dashboard, the single holder of state_dir/instance.lock
 * (`createRotatingAuditLog`, used by server.ts). The other writer, the CLI (`clauster
 * reap-environments`, which may run while the dashboard does), appends through
 * `createAuditLog` and never rotates. So rotation is safe by design: two rotations can never
 * race (which could delete the oldest file a step early), and a CLI append that races one lands
 * whole in audit.jsonl or in audit.jsonl.1 (a rename keeps an open file intact): not lost, not
 * torn. A CLI run while no dashboard runs can push the file past the limit by its few entries;
 * the dashboard's next append rotates it. proper-lockfile (as for ~/.claude.json) was not used:
 * it would make every audit write wait on, or fail over, another process's or a stale lock, to
 * guard a step that only one process ever takes.
 */
import { join } from 'node:path';
import type { Clock, Fs, Logger } from '../system/ports.js';

export interface AuditEntry {
  action: string;
  [key: string]: unknown;
}

export interface AuditLog {
  append(entry: AuditEntry): Promise<void>;
}

export interface AuditRotationOptions {
  /** Rotate when an append would take audit.jsonl past this many bytes (default 5 MiB). */
  maxBytes?: number;
  /** How many rotated files to keep, audit.jsonl.1 … .N (default 5); older ones are deleted. */
  keep?: number;
  /** Where failed writes and rotations are reported (they never throw to the caller). */
  logger?: Logger;
}

export const AUDIT_FILE = 'audit.jsonl';
export const AUDIT_MAX_BYTES = 5 * 1024 * 1024;
export const AUDIT_KEEP = 5;

type Rotation = { maxBytes: number; keep: number };

/** Creates an append-only audit log under `stateDir` that never rotates (for the CLI). */
export function createAuditLog(stateDir: string, deps: { fs: Fs; clock: Clock }): AuditLog {
  return createWriter(join(stateDir, AUDIT_FILE), { rotation: null }, deps);
}

/**
 * Creates the dashboard's audit log: appends like `createAuditLog` and rotates the file by size.
 * Only the holder of the instance lock may use it (see the module comment).
 */
export function createRotatingAuditLog(
  stateDir: string,
  options: AuditRotationOptions,
  deps: { fs: Fs; clock: Clock },
): AuditLog {
  const maxBytes = options.maxBytes ?? AUDIT_MAX_BYTES;
  const keep = options.keep ?? AUDIT_KEEP;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1)
    throw new RangeError(`audit maxBytes: expected a positive integer, got ${maxBytes}`);
  if (!Number.isSafeInteger(keep) || keep < 1 || keep > 99)
    throw new RangeError(`audit keep: expected an integer from 1 to 99, got ${keep}`);
  const writerOptions = { rotation: { maxBytes, keep }, logger: options.logger };
  return createWriter(join(stateDir, AUDIT_FILE), writerOptions, deps);
}

function createWriter(
  path: string,
  options: { rotation: Rotation | null; logger?: Logger | undefined },
  deps: { fs: Fs; clock: Clock },
): AuditLog {
  let chain: Promise<void> = Promise.resolve();
  return {
    append(entry) {
      const line = `${JSON.stringify({ ts: new Date(deps.clock.now()).toISOString(), ...entry })}\n`;
      chain = chain
        .then(() => writeLine(path, line, options, deps.fs))
        .catch((error: unknown) => {
          options.logger?.error('audit entry not written', { path, error: describe(error) });
        });
      return chain;
    },
  };
}

async function writeLine(
  path: string,
  line: string,
  options: { rotation: Rotation | null; logger?: Logger | undefined },
  fs: Fs,
): Promise<void> {
  if (options.rotation !== null) {
    try {
      await rotateIfFull(path, Buffer.byteLength(line), options.rotation, fs);
    } catch (error) {
      // Keep the entry: a file past the limit is better than a hole in the trail.
      options.logger?.warn('audit rotation failed; appending to the current file', {
        path,
        error: describe(error),
      });
    }
  }
  await fs.appendFile(path, line, { mode: 0o600 });
}

/** Rotates when a non-empty `path` plus `incoming` bytes would exceed the limit. */
async function rotateIfFull(path: string, incoming: number, rotation: Rotation, fs: Fs) {
  const size = await fs.stat(path).then(
    (stat) => stat.size,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return 0;
      throw error;
    },
  );
  if (size === 0 || size + incoming <= rotation.maxBytes) return;
  await fs.rm(`${path}.${rotation.keep}`, { force: true });
  for (let index = rotation.keep - 1; index >= 1; index -= 1) {
    await fs.rename(`${path}.${index}`, `${path}.${index + 1}`).catch(ignoreMissing);
  }
  await fs.rename(path, `${path}.1`);
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
