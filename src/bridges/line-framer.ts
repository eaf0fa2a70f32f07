/**
 * Line framing for log streams: bytes → UTF-8 text (decoded across chunk boundaries) →
 * whole lines, before any redaction (security.md R-LOG-1), so an id or secret split across
 * two reads or two writes is seen whole by the redactor.
 * Invariants: memory stays bounded by the line cap plus one chunk whatever the input; LF,
 * CRLF and a lone CR (a terminal redraw) each end a line; a line longer than the cap is cut
 * at the last whitespace before the cap (so no token is cut in half and shown partly) and
 * marked, and the rest of it is dropped; invalid UTF-8 becomes U+FFFD.
 */

/** Longest line kept, in UTF-16 code units (≈ 64 KiB of ASCII). */
export const MAX_LINE_LENGTH = 64 * 1024;
export const TRUNCATION_MARKER = '…[line truncated at 64 KiB]';
// How far back from the cap a whitespace is looked for; without one the tail is dropped.
const BACKOFF_WINDOW = 4096;
const BACKOFF_DROP = 256;

export interface LineFramer {
  /** Feeds bytes (or already decoded text); returns the lines completed by them. */
  push(chunk: Uint8Array | string): string[];
  /** Ends the stream: returns the last line when it had no terminator. */
  end(): string[];
  /** True when a started line is waiting for its terminator. */
  hasPartial(): boolean;
}

export interface LineFramerOptions {
  maxLineLength?: number;
}

/** Cuts an over-long line where no token can be split, then appends the marker. */
export function truncateLine(text: string, maxLength = MAX_LINE_LENGTH): string {
  const head = text.slice(0, maxLength);
  let cut = -1;
  for (let i = head.length - 1; i >= Math.max(0, head.length - BACKOFF_WINDOW); i -= 1) {
    const code = head.charCodeAt(i);
    if (code === 0x20 || code === 0x09) {
      cut = i;
      break;
    }
  }
  // No whitespace near the cap: a token may run across it; drop its last characters so a
  // secret that starts there never shows in part (a longer one is masked by its rule).
  const kept =
    cut >= 0 ? head.slice(0, cut) : head.slice(0, Math.max(0, head.length - BACKOFF_DROP));
  return `${kept}${TRUNCATION_MARKER}`;
}

/** Creates a framer; feed it chunks in file order. */
export function createLineFramer(options: LineFramerOptions = {}): LineFramer {
  const maxLength = options.maxLineLength ?? MAX_LINE_LENGTH;
  let decoder = new TextDecoder('utf-8');
  let partial = '';
  let dropping = false;
  let skipLf = false;

  function append(segment: string, lines: string[]): void {
    if (dropping || segment.length === 0) return;
    if (partial.length + segment.length <= maxLength) {
      partial += segment;
      return;
    }
    lines.push(truncateLine(partial + segment.slice(0, maxLength + 1 - partial.length), maxLength));
    partial = '';
    dropping = true;
  }

  function finishLine(lines: string[]): void {
    if (!dropping) lines.push(partial);
    partial = '';
    dropping = false;
  }

  function frame(text: string): string[] {
    const lines: string[] = [];
    let pos = 0;
    if (skipLf && text.length > 0) {
      if (text.charCodeAt(0) === 0x0a) pos = 1;
      skipLf = false;
    }
    let nextCr = text.indexOf('\r', pos);
    while (pos < text.length) {
      let nextLf = text.indexOf('\n', pos);
      if (nextCr !== -1 && nextCr < pos) nextCr = text.indexOf('\r', pos);
      if (nextLf === -1) nextLf = Number.POSITIVE_INFINITY;
      const brk = nextCr !== -1 && nextCr < nextLf ? nextCr : nextLf;
      if (brk === Number.POSITIVE_INFINITY) {
        append(text.slice(pos), lines);
        break;
      }
      append(text.slice(pos, brk), lines);
      finishLine(lines);
      pos = brk + 1;
      if (brk === nextCr) {
        if (pos === text.length) skipLf = true;
        else if (text.charCodeAt(pos) === 0x0a) pos += 1;
      }
    }
    return lines;
  }

  return {
    push(chunk) {
      return frame(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    },
    end() {
      const lines = frame(decoder.decode());
      if (partial.length > 0 && !dropping) lines.push(partial);
      partial = '';
      dropping = false;
      skipLf = false;
      decoder = new TextDecoder('utf-8');
      return lines;
    },
    hasPartial: () => partial.length > 0 && !dropping,
  };
}
