/**
 * Where the claude CLI keeps its state and how its JSON files are read: shared by the
 * bridge-pointer reader, the reaper's credentials and the doctor's login row.
 */
import { join } from 'node:path';
import { NOT_REGULAR_FILE, NotRegularFileError, readRegularFile } from '../state/regular-file.js';
import type { Env, Fs } from '../system/ports.js';

/** The directory the CLI keeps its state in: `$CLAUDE_CONFIG_DIR`, else `~/.claude`. */
export function resolveClaudeDir(deps: { env: Env; home: string }): string {
  const custom = deps.env.CLAUDE_CONFIG_DIR;
  return custom && custom.length > 0 ? custom : join(deps.home, '.claude');
}

export type JsonRead =
  | { kind: 'missing' }
  | { kind: 'unreadable'; why: string }
  | { kind: 'ok'; value: unknown };

/**
 * Reads and parses a JSON file without ever echoing its content in a message; a FIFO or
 * device there is unreadable without being opened (its read could block for good).
 */
export async function readJsonFile(path: string, deps: { fs: Fs }): Promise<JsonRead> {
  let text: string;
  try {
    text = await readRegularFile(path, deps.fs, 'utf8');
  } catch (error) {
    if (error instanceof NotRegularFileError) return { kind: 'unreadable', why: NOT_REGULAR_FILE };
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', why: code ?? 'read error' };
  }
  try {
    return { kind: 'ok', value: JSON.parse(text) };
  } catch {
    return { kind: 'unreadable', why: 'not valid JSON' };
  }
}
