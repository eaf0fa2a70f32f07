import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The entries of state_dir/audit.jsonl, oldest first ([] when the file does not exist). */
export async function readAuditEntries(stateDir: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(join(stateDir, 'audit.jsonl'), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
