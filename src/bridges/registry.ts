/**
 * state_dir/bridges.json: every bridge this dashboard launched, so a restarted dashboard can
 * re-adopt the live ones. Invariant: the file is only replaced atomically and always holds a
 * complete `{schema_version: 1, bridges: [...]}` document; an unreadable one is kept aside as
 * `bridges.json.corrupt`, never silently overwritten.
 */
import { join } from 'node:path';
import * as z from 'zod';
import { fail, ok, type Result } from '../result.js';
import { writeJsonAtomic } from '../state/atomic-write.js';
import type { Fs } from '../system/ports.js';
import { BRIDGE_PERMISSION_MODES, BRIDGE_SPAWN_MODES } from './argv.js';
import { BRIDGE_ID_RE, BRIDGE_STATUSES, type BridgeRecord } from './record.js';

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

const documentSchema = z.object({
  schema_version: z.literal(1),
  bridges: z.array(recordSchema),
});

export interface RegistryLoad {
  records: BridgeRecord[];
  /** Set when the file was unusable and was moved aside. */
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

/** Loads bridges.json; a missing file is empty, a corrupt one is renamed to `.corrupt`. */
export async function loadRegistry(stateDir: string, deps: { fs: Fs }): Promise<RegistryLoad> {
  const path = registryPath(stateDir);
  let text: string;
  try {
    text = await deps.fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], warning: null };
    throw error;
  }
  let problem: string;
  try {
    const parsed = documentSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { records: parsed.data.bridges, warning: null };
    const issue = parsed.error.issues[0];
    problem = `${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'invalid'}`;
  } catch {
    problem = 'not valid JSON';
  }
  await deps.fs.rename(path, `${path}.corrupt`);
  return {
    records: [],
    warning: `${path} was unreadable (${problem}); kept as bridges.json.corrupt, starting with no recorded bridges`,
  };
}

/** Reads bridges.json without changing anything (for `clauster status`); missing = empty. */
export async function readRegistry(
  stateDir: string,
  deps: { fs: Fs },
): Promise<Result<BridgeRecord[], 'registry-corrupt'>> {
  const path = registryPath(stateDir);
  let text: string;
  try {
    text = await deps.fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok([]);
    throw error;
  }
  try {
    const parsed = documentSchema.safeParse(JSON.parse(text));
    if (parsed.success) return ok(parsed.data.bridges);
  } catch {
    // Falls through to the refusal below.
  }
  return fail(
    'registry-corrupt',
    `${path}: not a valid bridges document (the dashboard keeps it as bridges.json.corrupt at its next start)`,
  );
}

/** Writes bridges.json atomically (0600). */
export async function saveRegistry(
  stateDir: string,
  records: readonly BridgeRecord[],
  deps: { fs: Fs },
): Promise<void> {
  await writeJsonAtomic(
    registryPath(stateDir),
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
