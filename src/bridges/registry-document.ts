/**
 * The bridges.json document: `{schema_version: 1, bridges: [...]}`, read leniently. Invariant:
 * a record that fails the record schema drops only itself; the rest are kept, and what was
 * dropped is described (first issue, projects named) without showing any record whole.
 */
import * as z from 'zod';
import { showTextCut } from '../security/show-text.js';
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

/** The top-level shape; each record is checked on its own, so one bad record drops only itself. */
const shellSchema = z.object({
  schema_version: z.literal(1),
  bridges: z.array(z.unknown()),
});

/** Every record valid, some dropped (`detail` names the first issue), or no document at all. */
export type ParsedRegistry =
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
export function parseRegistryDocument(text: string): ParsedRegistry {
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
