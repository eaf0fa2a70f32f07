/**
 * Line redaction for the log stream, with the optional colour mode of
 * `logs.strip_ansi_in_stream: false`. Invariant: the visible text of the result is exactly
 * redactText(line); the only extra bytes are 7-bit SGR colour sequences (`ESC [ digits m`),
 * which cannot carry an id or a secret, and none of them sits inside a masked span.
 */
import { stripControls } from './control-strip.js';
import { findMaskSpans, REDACTED, redactText } from './redact.js';

const ESC = String.fromCharCode(0x1b);
// SGR colour: ESC [ digits/;/: m (built from a string: the linter refuses control characters).
const SGR_RE = new RegExp(`${ESC}\\[[0-9;:]*m`, 'g');

/** Options of redactLine(). */
export interface RedactLineOptions {
  /** Remove colour too (default). When false, SGR colour is kept if it changes nothing. */
  stripAnsi?: boolean;
}

// Colour mode: strip each text segment between SGR sequences, mask the joined text with the
// SGR positions counted as removal points (exactly what the stripped view sees), then put
// the SGR sequences back — unless one falls strictly inside a masked span (then: plain).
function redactKeepingColour(line: string): string {
  const sgr = line.match(SGR_RE);
  if (sgr === null) return redactText(line);
  const segments = line.split(SGR_RE);
  const cuts: number[] = [];
  const positions: number[] = [];
  let text = '';
  segments.forEach((segment, index) => {
    const stripped = stripControls(segment);
    for (const cut of stripped.cuts) cuts.push(text.length + cut);
    text += stripped.text;
    if (index < sgr.length) {
      positions.push(text.length);
      if (cuts[cuts.length - 1] !== text.length) cuts.push(text.length);
    }
  });
  const whole = stripControls(line);
  if (whole.text !== text) return redactText(line);
  const spans = findMaskSpans(text, cuts);
  let out = '';
  let pos = 0;
  let next = 0;
  const emitUpTo = (limit: number): void => {
    while (next < positions.length && (positions[next] as number) <= limit) {
      const at = positions[next] as number;
      out += text.slice(pos, at) + sgr[next];
      pos = at;
      next += 1;
    }
  };
  for (const [start, end] of spans) {
    emitUpTo(start);
    if (next < positions.length && (positions[next] as number) < end) return redactText(line);
    out += text.slice(pos, start) + REDACTED;
    pos = end;
  }
  emitUpTo(text.length);
  return out + text.slice(pos);
}

/** Redacts one line for the log stream; see RedactLineOptions for the colour mode. */
export function redactLine(line: string, options: RedactLineOptions = {}): string {
  if (options.stripAnsi !== false) return redactText(line);
  return redactKeepingColour(line);
}
