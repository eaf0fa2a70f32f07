import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The entries of the whole audit trail, oldest first: audit.jsonl.5 … audit.jsonl.1, then
 * audit.jsonl ([] when none exists).
 */
export async function readAuditEntries(stateDir: string): Promise<Array<Record<string, unknown>>> {
  const names = ['5', '4', '3', '2', '1'].map((n) => `audit.jsonl.${n}`).concat('audit.jsonl');
  const texts = await Promise.all(
    names.map((name) => readFile(join(stateDir, name), 'utf8').catch(() => '')),
  );
  return texts
    .join('')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
