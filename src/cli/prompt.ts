/**
 * Reading lines from stdin for prompts. On a TTY the terminal is put in raw mode so a
 * typed secret is never echoed; we never echo input ourselves.
 */
import type { Readable } from 'node:stream';

export class PromptAbortedError extends Error {
  readonly code = 'prompt-aborted' as const;
  constructor() {
    super('input aborted');
    this.name = 'PromptAbortedError';
  }
}

export interface LineReader {
  /** The next line without its newline, or null at end of input. */
  next(): Promise<string | null>;
  /** Switches echo off (raw mode on a TTY) or back on for the following lines. */
  setHidden(hidden: boolean): void;
  close(): void;
}

type RawCapable = Readable & { setRawMode?: (raw: boolean) => unknown; isTTY?: boolean };

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACES = new Set(['\u0008', '\u007f']);

/** Creates a line reader over `stream`; `hidden` switches a TTY to raw mode (no echo). */
export function createLineReader(stream: Readable, options: { hidden: boolean }): LineReader {
  const raw = stream as RawCapable;
  const canRaw = raw.isTTY === true && typeof raw.setRawMode === 'function';
  let useRaw = false;
  const setHidden = (hidden: boolean): void => {
    const next = hidden && canRaw;
    if (next !== useRaw) raw.setRawMode?.(next);
    useRaw = next;
  };
  setHidden(options.hidden);
  let buffer = '';
  let ended = false;
  let aborted = false;
  let wake: (() => void) | undefined;
  const onData = (chunk: Buffer | string): void => {
    for (const char of String(chunk)) {
      if (useRaw && char === CTRL_C) aborted = true;
      else if (useRaw && char === CTRL_D) ended = true;
      else if (useRaw && BACKSPACES.has(char)) buffer = buffer.slice(0, -1);
      else buffer += useRaw && char === '\r' ? '\n' : char;
    }
    wake?.();
  };
  const onEnd = (): void => {
    ended = true;
    wake?.();
  };
  stream.on('data', onData);
  stream.on('end', onEnd);
  stream.resume();
  return {
    async next() {
      for (;;) {
        if (aborted) throw new PromptAbortedError();
        const newline = buffer.indexOf('\n');
        if (newline !== -1) {
          const line = buffer.slice(0, newline).replace(/\r$/, '');
          buffer = buffer.slice(newline + 1);
          return line;
        }
        if (ended) {
          const rest = buffer;
          buffer = '';
          return rest.length > 0 ? rest : null;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    },
    setHidden,
    close() {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.pause();
      if (useRaw) raw.setRawMode?.(false);
    },
  };
}
