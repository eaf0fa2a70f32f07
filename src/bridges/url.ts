/**
 * The connect URL from a bridge's stdout (claude-cli.md §5.1). The CLI redraws its status block
 * with cursor movement, colours and OSC-8 hyperlinks; this reads what a terminal would show.
 * Invariant: only URLs of the exact claude.ai/code shapes are ever returned.
 */
import { stripText } from '../security/control-strip.js';

const CONNECT_URL_SOURCE =
  'https://claude\\.ai/code(/session_[A-Za-z0-9]+|\\?environment=env_[A-Za-z0-9]+)';

/** The accepted connect URL shapes (environment or session). */
export const CONNECT_URL_RE = new RegExp(CONNECT_URL_SOURCE);

// OSC (ESC ] or C1 0x9d) up to BEL or ST, capturing the payload to read OSC-8 link targets.
const OSC_SOURCE = [
  '(?:\\x1b\\]|\\x9d)',
  '([^\\x07\\x1b\\x9c]*)',
  '(?:\\x07|\\x1b\\\\|\\x9c|$)',
].join('');
const OSC_RE = new RegExp(OSC_SOURCE, 'g');

/** Removes terminal control sequences, keeping the visible text; CR becomes a line break. */
export function stripTerminalEscapes(text: string): string {
  return stripText(text.replaceAll('\r', '\n'));
}

function lastMatch(text: string): string | null {
  let found: string | null = null;
  for (const match of text.matchAll(new RegExp(CONNECT_URL_SOURCE, 'g'))) found = match[0];
  return found;
}

/** Targets of OSC-8 hyperlinks (`ESC ] 8 ; params ; url BEL`) in raw terminal output. */
export function listHyperlinkTargets(text: string): string[] {
  const targets: string[] = [];
  for (const match of text.matchAll(OSC_RE)) {
    const payload = match[1] ?? '';
    if (!payload.startsWith('8;')) continue;
    const target = payload.slice(payload.indexOf(';', 2) + 1);
    if (target.length > 0) targets.push(target);
  }
  return targets;
}

/** The latest connect URL in stdout text (plain or with escapes), or null when none yet. */
export function parseConnectUrl(text: string): string | null {
  const visible = lastMatch(stripTerminalEscapes(text));
  if (visible !== null) return visible;
  // Fallback: a URL shown only as a hyperlink target.
  return lastMatch(listHyperlinkTargets(text).join('\n'));
}

/**
 * True when `text` is exactly one connect URL, nothing around it: what may be printed or drawn
 * as a QR code from a record that could have been edited on disk.
 */
export function isConnectUrl(text: string): boolean {
  const match = CONNECT_URL_RE.exec(text);
  return match !== null && match.index === 0 && match[0] === text;
}

/** The environment URL for an environment id seen in the debug log. */
export function buildEnvironmentUrl(environmentId: string): string | null {
  const url = `https://claude.ai/code?environment=${environmentId}`;
  const match = CONNECT_URL_RE.exec(url);
  return match !== null && match[0] === url ? url : null;
}
