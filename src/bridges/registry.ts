/**
 * state_dir/bridges.json: every bridge this dashboard launched, so a restarted dashboard can
 * re-adopt the live ones. Invariants: the file is only replaced atomically and always holds a
 * complete `{schema_version: 1, bridges: [...]}` document; a damaged one loses as little as
 * possible — records that fail the record schema are dropped one by one, the rest are kept —
 * and its original bytes are first kept aside as `bridges.json.corrupt-<UTC time>`, never over
 * an earlier copy. A symlinked file is read and written where it points (registry-file.ts).
 */
import { join } from 'node:path';
import { errnoCode } from '../fs-errors.js';
import { fail, ok, type Result } from '../result.js';
import { writeJsonAtomic } from '../state/atomic-write.js';
import { NOT_REGULAR_FILE, NotRegularFileError, readRegularFile } from '../state/regular-file.js';
import type { Clock, Fs } from '../system/ports.js';
import type { BridgeRecord } from './record.js';
import { parseRegistryDocument } from './registry-document.js';
import { RegistryLinkError, resolveRegistryFile, setAsideCopy } from './registry-file.js';

/** What an operator does about records the registry lost (docs/bridges.md, src/cli/adopt.ts). */
const ADOPT_HINT =
  'A live bridge that clauster started and no longer tracks now shows as started outside ' +
  'clauster (external_bridge) on its project: take it back with `clauster adopt <project>` ' +
  '(or Adopt… on its card).';

export interface RegistryLoad {
  records: BridgeRecord[];
  /** Set when records (or the whole file) were dropped and the original was kept aside. */
  warning: string | null;
}

export interface RegistryStore {
  readonly path: string;
  /** Writes the records; concurrent calls are serialised and the latest wins. */
  save(records: readonly BridgeRecord[]): Promise<void>;
}

/** The path of the registry inside state_dir. */
export function registryPath(stateDir: string): string {
  return join(stateDir, 'bridges.json');
}

/**
 * Loads bridges.json; a missing file is empty. A damaged one is first copied aside
 * (setAsideCopy), then rewritten with the records that passed (none when the document itself
 * is unreadable). Throws RegistryLinkError for a symlink whose target is missing.
 */
export async function loadRegistry(
  stateDir: string,
  deps: { fs: Fs; clock?: Clock },
): Promise<RegistryLoad> {
  const path = registryPath(stateDir);
  const file = await resolveRegistryFile(path, deps);
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(file, deps.fs);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { records: [], warning: null };
    throw new Error(describeReadError(file, error), { cause: error });
  }
  const parsed = parseRegistryDocument(bytes.toString('utf8'));
  if (parsed.kind === 'whole') return { records: parsed.records, warning: null };
  const copy = await setAsideCopy(path, bytes, deps);
  const records = parsed.kind === 'partial' ? parsed.records : [];
  await writeJsonAtomic(file, { schema_version: 1, bridges: records }, { mode: 0o600 }, deps);
  const warning =
    parsed.kind === 'partial'
      ? `${path}: ${parsed.dropped} of ${parsed.total} bridge records failed the record schema and were dropped (${parsed.detail}); the ${records.length} valid ones are kept, and the original file is kept as ${copy}. ${ADOPT_HINT}`
      : `${path} was unreadable (${parsed.problem}); kept as ${copy}, starting with no recorded bridges. ${ADOPT_HINT}`;
  return { records, warning };
}

// A registry file that exists but cannot be read (its mode, a directory in its place, …).
function describeReadError(file: string, error: unknown): string {
  if (error instanceof NotRegularFileError) return describeNotAFile(file);
  const code = errnoCode(error) ?? 'error';
  return `cannot read ${file} (${code}): make it a regular file the dashboard's user can read and write (fix its owner and mode), then start again`;
}

// A FIFO, socket or device in its place: never opened (a read of a FIFO blocks for good).
function describeNotAFile(file: string): string {
  return `${file} is ${NOT_REGULAR_FILE}: remove it (it holds no bridge records), then start again`;
}

/** What reading bridges.json found, without changing anything; a missing file has no records. */
export type RegistryRead =
  | { kind: 'records'; records: BridgeRecord[] }
  /** A symlink whose target cannot be reached (RegistryLinkError): `run` refuses to start. */
  | { kind: 'dangling-link'; detail: string }
  /** There but not readable (its mode, a directory in its place, …): `run` refuses to start. */
  | { kind: 'unreadable'; errno: string; detail: string }
  /** A FIFO, socket or device (never opened: a read could block for good): `run` refuses. */
  | { kind: 'not-a-file'; detail: string }
  /** Not a valid document: `run` keeps a copy aside and drops the records that fail. */
  | { kind: 'damaged'; detail: string };

/** Reads bridges.json as loadRegistry() would, and says which way it failed (for doctor). */
export async function inspectRegistry(stateDir: string, deps: { fs: Fs }): Promise<RegistryRead> {
  const path = registryPath(stateDir);
  let text: string;
  try {
    text = await readRegularFile(await resolveRegistryFile(path, deps), deps.fs, 'utf8');
  } catch (error) {
    if (error instanceof RegistryLinkError) return { kind: 'dangling-link', detail: error.message };
    if (error instanceof NotRegularFileError) {
      return { kind: 'not-a-file', detail: describeNotAFile(error.path) };
    }
    const errno = errnoCode(error) ?? 'error';
    if (errno === 'ENOENT') return { kind: 'records', records: [] };
    return { kind: 'unreadable', errno, detail: describeReadError(path, error) };
  }
  const parsed = parseRegistryDocument(text);
  if (parsed.kind === 'whole') return { kind: 'records', records: parsed.records };
  return {
    kind: 'damaged',
    detail: `${path}: not a valid bridges document (the dashboard keeps a copy as bridges.json.corrupt-<UTC time> at its next start and drops the records that fail)`,
  };
}

/** Reads bridges.json without changing anything (for `clauster status`); missing = empty. */
export async function readRegistry(
  stateDir: string,
  deps: { fs: Fs },
): Promise<Result<BridgeRecord[], 'registry-corrupt'>> {
  const read = await inspectRegistry(stateDir, deps);
  // One code for every failure: the CLI prints it (`registry-corrupt`), the detail says why.
  return read.kind === 'records' ? ok(read.records) : fail('registry-corrupt', read.detail);
}

/** Writes bridges.json atomically (0600), through a symlink to where it points. */
export async function saveRegistry(
  stateDir: string,
  records: readonly BridgeRecord[],
  deps: { fs: Fs },
): Promise<void> {
  // Where a symlink points; a link whose target is gone fails the write, never replaced.
  await writeJsonAtomic(
    await resolveRegistryFile(registryPath(stateDir), deps),
    { schema_version: 1, bridges: records },
    { mode: 0o600 },
    deps,
  );
}

/** A serialising writer: at most one write in flight, later snapshots replace queued ones. */
export function createRegistryStore(stateDir: string, deps: { fs: Fs }): RegistryStore {
  let chain: Promise<void> = Promise.resolve();
  let pending: readonly BridgeRecord[] | null = null;
  return {
    path: registryPath(stateDir),
    save(records) {
      const queued = pending !== null;
      pending = records.map((r) => ({ ...r, argv: [...r.argv] }));
      if (queued) return chain;
      chain = chain
        .catch(() => {})
        .then(async () => {
          const snapshot = pending ?? [];
          pending = null;
          await saveRegistry(stateDir, snapshot, deps);
        });
      return chain;
    },
  };
}
