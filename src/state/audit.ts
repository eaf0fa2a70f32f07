/**
 * Append-only audit trail: one JSON line per state transition in state_dir/audit.jsonl, rotated
 * by size into audit.jsonl.1 (newest) … audit.jsonl.5 (oldest), all 0600.
 *
 * Invariants: every entry is one whole line written by one O_APPEND write (entries are far below
 * the 512 KiB chunk in which Node writes files), so lines from this process and from another
 * never tear or interleave; the appends of one log are serialised and land in call order; an
 * entry is never dropped because rotation failed (it goes to the current file instead); an
 * entry is never written through a symbolic link at audit.jsonl, or into anything but a regular
 * file (it is dropped with a warning naming the path); and a last line torn by a crash is ended
 * with a newline before a writer's first entry, so that entry parses.
 *
 * Who rotates: only the dashboard, the single holder of state_dir/instance.lock
 * (`createRotatingAuditLog`, used by server.ts). The other writer, the CLI (`clauster
 * reap-environments`, `trust`, `projects create`, `clone`, which may run while the dashboard does),
 * appends through `createAuditLog` and never rotates. So rotation is safe by design: two rotations can never
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
  /** Where failed or refused writes and rotations are reported (never thrown to the caller). */
  logger?: Logger;
}

export const AUDIT_FILE = 'audit.jsonl';
export const AUDIT_MAX_BYTES = 5 * 1024 * 1024;
export const AUDIT_KEEP = 5;

type Rotation = { maxBytes: number; keep: number };

/** Creates an append-only audit log under `stateDir` that never rotates (for the CLI). */
export function createAuditLog(
  stateDir: string,
  deps: { fs: Fs; clock: Clock },
  options: { logger?: Logger } = {},
): AuditLog {
  return createWriter(join(stateDir, AUDIT_FILE), { rotation: null, logger: options.logger }, deps);
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

type WriterOptions = { rotation: Rotation | null; logger?: Logger | undefined };

function createWriter(
  path: string,
  options: WriterOptions,
  deps: { fs: Fs; clock: Clock },
): AuditLog {
  let chain: Promise<void> = Promise.resolve();
  // Until one entry is written, the file may end in a line torn by a crash (checked once).
  const state = { checkedEnd: false };
  return {
    append(entry) {
      const line = `${JSON.stringify({ ts: new Date(deps.clock.now()).toISOString(), ...entry })}\n`;
      chain = chain
        .then(() => writeLine(path, line, options, state, deps.fs))
        .catch((error: unknown) => {
          if (error instanceof AuditTargetRefused) {
            options.logger?.warn('audit entry not written', { path, reason: error.message });
            return;
          }
          options.logger?.error('audit entry not written', { path, error: describe(error) });
        });
      return chain;
    },
  };
}

/** `path` is a link or a special file: never written through (a warning, not an error). */
class AuditTargetRefused extends Error {}

async function writeLine(
  path: string,
  line: string,
  options: WriterOptions,
  state: { checkedEnd: boolean },
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
  await appendWhole(path, line, state, fs);
}

/**
 * Appends `line` with one O_APPEND write to the regular file `path` (created 0600), never
 * through a symbolic link (O_NOFOLLOW) and never blocking on a FIFO (O_NONBLOCK). On the first
 * append of this writer, a file that does not end in a newline (a crash tore its last line)
 * gets one first, in the same write, so the new entry is a line of its own.
 */
async function appendWhole(path: string, line: string, state: { checkedEnd: boolean }, fs: Fs) {
  const { O_RDWR, O_APPEND, O_CREAT, O_NOFOLLOW, O_NONBLOCK } = fs.constants;
  let handle: Awaited<ReturnType<Fs['open']>>;
  try {
    handle = await fs.open(path, O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK')
      throw new AuditTargetRefused(
        `${path} is a symbolic link; audit entries are never written through a link`,
      );
    if (code === 'ENXIO') throw new AuditTargetRefused(`${path} is a FIFO or socket, not a file`);
    throw error;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new AuditTargetRefused(`${path} is not a regular file`);
    let data = line;
    if (!state.checkedEnd && stat.size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, stat.size - 1);
      if (last[0] !== 0x0a) data = `\n${line}`;
    }
    await handle.appendFile(data);
    state.checkedEnd = true;
  } finally {
    await handle.close();
  }
}

/** Rotates when a non-empty `path` plus `incoming` bytes would exceed the limit. */
async function rotateIfFull(path: string, incoming: number, rotation: Rotation, fs: Fs) {
  // lstat: a link is never rotated, nor its target measured (the append refuses it).
  const size = await fs.lstat(path).then(
    (stat) => (stat.isFile() ? stat.size : 0),
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
