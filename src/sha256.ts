/** Content hashing shared by core modules (config editor, CLAUDE.md). */
import { createHash } from 'node:crypto';

/** Lowercase hex SHA-256 of the bytes (a string is hashed as UTF-8). */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
