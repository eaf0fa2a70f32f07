/**
 * What counts as a CLAUDE.md the dashboard may show or write. Invariant: only strict UTF-8 of
 * at most MAX_CLAUDE_MD_BYTES passes, and a write carries no C0 control byte except tab, LF
 * and CR (a NUL or an escape sequence in instructions claude follows is never intended).
 */
import { fail, ok, type Result } from '../result.js';

/** The largest CLAUDE.md read or written, in bytes (256 KiB). */
export const MAX_CLAUDE_MD_BYTES = 256 * 1024;

export type ClaudeMdTextError = 'too-large' | 'not-text';

const ALLOWED_CONTROLS = new Set([0x09, 0x0a, 0x0d]);

/** The refusal for a file or text over the cap; `what` names it. */
export function tooLarge(
  what: string,
  size: number,
): { ok: false; code: 'too-large'; detail: string } {
  return fail(
    'too-large',
    `${what}: expected at most ${MAX_CLAUDE_MD_BYTES} bytes (256 KiB), got ${size}`,
  );
}

/** Decodes file bytes as strict UTF-8 (a BOM is kept as text). */
export function decodeClaudeMd(bytes: Uint8Array): Result<string, 'not-text'> {
  try {
    return ok(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes));
  } catch {
    return fail(
      'not-text',
      'CLAUDE.md: expected UTF-8 text, got invalid byte sequences; fix it in an editor',
    );
  }
}

/** The byte offset of the first C0 control other than tab, LF and CR, or -1. */
function findControlByte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b < 0x20 && !ALLOWED_CONTROLS.has(b)) return i;
  }
  return -1;
}

/** Checks new CLAUDE.md text and encodes it: size, well-formed Unicode, no control bytes. */
export function encodeClaudeMdText(text: string): Result<Uint8Array, ClaudeMdTextError> {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length > MAX_CLAUDE_MD_BYTES) return tooLarge('text', bytes.length);
  // A lone surrogate encodes as U+FFFD, so the round trip differs: refuse rather than alter.
  if (new TextDecoder().decode(bytes) !== text) {
    return fail('not-text', 'text: expected well-formed Unicode, got a lone surrogate');
  }
  const offset = findControlByte(bytes);
  if (offset >= 0) {
    const hex = (bytes[offset] as number).toString(16).padStart(2, '0');
    return fail(
      'not-text',
      `text: control character 0x${hex} at byte offset ${offset}; only tab, LF and CR are allowed`,
    );
  }
  return ok(bytes);
}
