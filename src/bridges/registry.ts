/**
 * state_dir/bridges.json: every bridge this dashboard launched, so a restarted dashboard can
 * re-adopt the live ones. Invariants: the file is only replaced atomically and always holds a
 * complete `{schema_version: 1, bridges: [...]}` document; a damaged one loses as little as
 * possible — records that fail the record schema are dropped one by one, the rest are kept —
 * and its original bytes are first kept aside as `bridges.json.corrupt-<UTC time>`, never over
 * an earlier copy. A symlinked file is read and written where it points (registry-file.ts).
 */
import { join } from 'node:path';
import * as z from 'zod';
import { fail, ok, type Result } from '../result.js';
import { showTextCut } from '../security/show-text.js';
import { writeJsonAtomic } from '../state/atomic-write.js';
import type { Clock, Fs } from '../system/ports.js';
import { BRIDGE_PERMISSION_MODES, BRIDGE_SPAWN_MODES } from './argv.js';
import { BRIDGE_ID_RE, BRIDGE_STATUSES, type BridgeRecord } from './record.js';
import { RegistryLinkError, resolveRegistryFile, setAsideCopy } from './registry-file.js';

const recordSchema = z.object({
  id: z.string().regex(BRIDGE_ID_RE),
  project: z.string().min(1),
  status: z.enum(BRIDGE_STATUSES),
  url: z.string().nullable(),
  pid: z.int().positive().nullable(),
  started_at: z.string(),
  stopped_at: z.string().nullable(),
  reason: z.string().nullable(),
  permission_mode: z.enum(BRIDGE_PERMISSION_MODES),
  spawn_mode: z.enum(BRIDGE_SPAWN_MODES),
  name: z.string().nullable(),
  cwd: z.string(),
  argv: z.array(z.string()),
  log_dir: z.string(),
  proc_start_ticks: z.number().nullable(),
  boot_id: z.string().nullable(),
  intentional_stop: z.boolean(),
  adopted: z.boolean().optional(),
});

/** The top-level shape; each record is checked on its own, so one bad record drops only itself. */
const shellSchema = z.object({
  schema_version: z.literal(1),
  bridges: z.array(z.unknown()),
});

/** What an operator does about records the registry lost (docs/bridges.md, src/cli/adopt.ts). */
const ADOPT_HINT =
  'A live bridge that clauster started and no longer tracks now shows as started outside ' +
  'clauster (external_bridge) on its project: take it back with `clauster adopt <project>` ' +
  '(or Adopt… on its card).';

type Parsed =
  | { kind: 'whole'; records: BridgeRecord[] }
  | { kind: 'partial'; records: BridgeRecord[]; dropped: number; total: number; detail: string }
  | { kind: 'unreadable'; problem: string };

function describeIssue(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0];
  const where = [prefix, ...(issue?.path ?? [])].filter((p) => p !== '').join('.');
  return `${where || 'document'}: ${issue?.message ?? 'invalid'}`;
}

// The projects named by dropped records (when readable), so the operator knows what to adopt.
function droppedProjects(raws: readonly unknown[]): string {
  const names = new Set<string>();
  for (const raw of raws) {
    const project = (raw as { project?: unknown } | null)?.project;
    if (typeof project === 'string' && project !== '') names.add(project);
  }
  if (names.size === 0) return '';
  const shown = [...names].slice(0, 5).map((name) => showTextCut(JSON.stringify(name), 40));
  return `; projects of the dropped records: ${shown.join(', ')}${names.size > 5 ? ', …' : ''}`;
}

/** Parses a registry document, keeping every record that passes the record schema. */
function parseDocument(text: string): Parsed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { kind: 'unreadable', problem: 'not valid JSON' };
  }
  const shell = shellSchema.safeParse(doc);
  if (!shell.success) return { kind: 'unreadable', problem: describeIssue(shell.error, '') };
  const records: BridgeRecord[] = [];
  const bad: unknown[] = [];
  let first = '';
  shell.data.bridges.forEach((raw, index) => {
    const parsed = recordSchema.safeParse(raw);
    if (parsed.success) records.push(parsed.data);
    else {
      if (bad.length === 0) first = describeIssue(parsed.error, `bridges.${index}`);
      bad.push(raw);
    }
  });
  if (bad.length === 0) return { kind: 'whole', records };
  const total = shell.data.bridges.length;
  const detail = `first: ${first}${droppedProjects(bad)}`;
  return { kind: 'partial', records, dropped: bad.length, total, detail };
}

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
    bytes = await deps.fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], warning: null };
    throw new Error(describeReadError(file, error), { cause: error });
  }
  const parsed = parseDocument(bytes.toString('utf8'));
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
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return `cannot read ${file} (${code}): make it a regular file the dashboard's user can read and write (fix its owner and mode), then start again`;
}

/** Reads bridges.json without changing anything (for `clauster status`); missing = empty. */
export async function readRegistry(
  stateDir: string,
  deps: { fs: Fs },
): Promise<Result<BridgeRecord[], 'registry-corrupt'>> {
  const path = registryPath(stateDir);
  let text: string;
  try {
    text = await deps.fs.readFile(await resolveRegistryFile(path, deps), 'utf8');
  } catch (error) {
    if (error instanceof RegistryLinkError) return fail('registry-corrupt', error.message);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok([]);
    return fail('registry-corrupt', describeReadError(path, error));
  }
  const parsed = parseDocument(text);
  if (parsed.kind === 'whole') return ok(parsed.records);
  return fail(
    'registry-corrupt',
    `${path}: not a valid bridges document (the dashboard keeps a copy as bridges.json.corrupt-<UTC time> at its next start and drops the records that fail)`,
  );
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
