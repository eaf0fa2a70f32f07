/**
 * A refused value as a message shows it. Invariant: what the redactor would remove is shown
 * escaped (`\u202e`, `\u0000`), so a stripped value never looks valid — unless the value holds
 * something the redactor masks: the redactor masks across the characters it strips, which
 * escaping would split, so such a value is shown redacted (stripped and masked) instead.
 */
import { escapeControls, stripText } from './control-strip.js';
import { redactText } from './redact.js';

/** `text` with controls and invisible characters escaped, or redacted when it holds a secret. */
export function showText(text: string): string {
  const escaped = escapeControls(text);
  if (escaped === text) return text;
  const masked = redactText(text);
  return masked === stripText(text) ? escaped : masked;
}
