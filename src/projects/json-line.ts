/**
 * The first step of reading one line of a JSONL transcript, shared by the usage reader and the
 * conversation renderer: a blank line is `blank`, a line that is not a JSON object is
 * `skipped` (never fatal, never echoed), anything else is its parsed object.
 */

export type JsonLine =
  | { kind: 'skipped' | 'blank' }
  | { kind: 'doc'; doc: Record<string, unknown> };

/** A plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses one JSONL line into an object, or says why it has none. */
export function parseJsonLine(line: string): JsonLine {
  if (line.trim().length === 0) return { kind: 'blank' };
  let doc: unknown;
  try {
    doc = JSON.parse(line);
  } catch {
    return { kind: 'skipped' };
  }
  return isRecord(doc) ? { kind: 'doc', doc } : { kind: 'skipped' };
}
