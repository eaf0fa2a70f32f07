/**
 * `clauster mcp`'s stdin, checked line by line before the SDK's stdio transport reads it:
 * a line that passes checkMessageLine() is handed on (with its newline) in a stream the
 * transport reads; any other is answered here (JSON-RPC error) or dropped, with one line on
 * stderr either way. Invariants: nothing on stdin stops the server (a line over the size cap
 * is answered and skipped up to its newline, so the SDK's own buffer cap, which closes the
 * transport, is never reached); lines are handed on in order, and the stream ends only after
 * the last of them, when stdin ends.
 */
import { PassThrough, type Readable } from 'node:stream';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { redactText } from '../security/redact.js';
import {
  checkMessageLine,
  type ErrorAnswer,
  errorAnswer,
  type LineVerdict,
} from './mcp-message-check.js';

/** The longest line read (1 MiB); clauster's requests are a few hundred bytes. */
export const MAX_LINE_BYTES = 1024 * 1024;

const NEWLINE = 0x0a;
const BLANK_LINE = /^[ \t\r]*$/;

export interface CheckedInputOptions {
  /** Writes one error answer to the protocol channel (stdout). */
  answer(response: ErrorAnswer): void;
  /** Writes one diagnostic (no newline) to stderr. */
  note(text: string): void;
  maxLineBytes?: number;
  /** The check for one line; checkMessageLine() unless a test swaps it. */
  check?: (line: string) => LineVerdict;
}

export interface CheckedInput {
  /** The lines that passed, each with its newline: the stdin the SDK's transport reads. */
  stream: Readable;
  /** Stops reading stdin (and lets the process exit); ends `stream`. */
  stop(): void;
}

/** Reads `stdin` as newline-framed JSON-RPC, handing on only what passes the check. */
export function createCheckedInput(stdin: Readable, options: CheckedInputOptions): CheckedInput {
  const stream = new PassThrough();
  const max = options.maxLineBytes ?? MAX_LINE_BYTES;
  const check = options.check ?? checkMessageLine;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false;

  const refuse = (response: ErrorAnswer): void => {
    options.answer(response);
    options.note(`answered ${response.error.code} ${response.error.message}`);
  };

  const judge = (text: string): LineVerdict => {
    try {
      return check(text);
    } catch (error) {
      const reason = error instanceof Error ? error.name : 'a throw';
      options.note(`could not check a message (${reason})`);
      return {
        kind: 'answer',
        answer: errorAnswer(null, ErrorCode.InternalError, 'Internal error'),
      };
    }
  };

  const handleLine = (bytes: Buffer): void => {
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      refuse(errorAnswer(null, ErrorCode.ParseError, 'Parse error: the line is not valid UTF-8'));
      return;
    }
    if (BLANK_LINE.test(text)) return;
    const line = text.endsWith('\r') ? text.slice(0, -1) : text;
    const verdict = judge(line);
    if (verdict.kind === 'pass') stream.write(`${line}\n`);
    else if (verdict.kind === 'answer') refuse(verdict.answer);
    else options.note(verdict.note);
  };

  const take = (piece: Buffer): void => {
    if (skipping || piece.length === 0) return;
    if (pendingBytes + piece.length > max) {
      pending = [];
      pendingBytes = 0;
      skipping = true;
      const detail = `a message must be at most ${max} bytes; the rest of this line is skipped`;
      refuse(errorAnswer(null, ErrorCode.InvalidRequest, `Invalid Request: ${detail}`));
      return;
    }
    pending.push(piece);
    pendingBytes += piece.length;
  };

  const endLine = (): void => {
    const bytes = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    if (skipping) skipping = false;
    else handleLine(bytes);
  };

  const onData = (chunk: Buffer | string): void => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
      take(bytes.subarray(start, end));
      endLine();
      start = end + 1;
    }
    take(bytes.subarray(start));
  };

  // The last line may lack its newline; it is read like the others.
  const onEnd = (): void => {
    if (pendingBytes > 0) endLine();
    stream.end();
  };
  const onError = (error: Error): void => {
    options.note(`stdin failed: ${redactText(error.message)}; no more requests are read`);
    stop();
  };
  function stop(): void {
    stdin.off('data', onData);
    stdin.off('end', onEnd);
    stdin.off('error', onError);
    if (stdin.listenerCount('data') === 0) stdin.pause();
    if (!stream.writableEnded) stream.end();
  }
  stdin.on('data', onData);
  stdin.once('end', onEnd);
  stdin.on('error', onError);
  return { stream, stop };
}
