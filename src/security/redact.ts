/**
 * Redactor (placeholder until the full pipeline of design §5 lands): strips ANSI and masks
 * session/environment ids. Invariant: output never contains an id the input carried.
 */
import { stripVTControlCharacters } from 'node:util';

const ID_RE = /\b(env|session|cse)_[A-Za-z0-9]{6,}/g;

/** Returns `input` with control sequences removed and ids and secrets masked. */
export function redactText(input: string): string {
  return stripVTControlCharacters(input).replace(
    ID_RE,
    (_m, prefix: string) => `${prefix}_<redacted>`,
  );
}
