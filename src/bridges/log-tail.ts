/**
 * Offset-based log tailer: the last N lines of a file, then (optionally) every line appended
 * to it, framed whole and redacted. Invariants: only redacted lines leave this module; a
 * file truncated (size below the read offset) or replaced (another inode) under the reader
 * produces a reset and a restart from offset 0 of the current file; a missing file is waited
 * for; close() stops every timer and watcher and closes the file.
 */

import { isMissing } from '../fs-errors.js';
import { redactLine } from '../security/redact-line.js';
import { openRegularFile } from '../state/regular-file.js';
import type { Fs } from '../system/ports.js';
import { createLineFramer, type LineFramer } from './line-framer.js';

const BLOCK = 64 * 1024;
const DEFAULT_POLL_MS = 500;
/** The initial tail never reads more than this much of the file, whatever N is. */
export const MAX_TAIL_BYTES = 16 * 1024 * 1024;
const INITIAL_BATCH = 500;

/** Watches a path and calls `onChange` (maybe spuriously); the edge supplies fs.watch. */
export type WatchPath = (path: string, onChange: () => void) => { close(): void };

export interface LogTailOptions {
  /** How many existing lines to emit first (default 0). */
  tail?: number;
  /** Keep following the file after the initial lines (default true). */
  follow?: boolean;
  /** Poll interval, the fallback when watch events are missed (default and max 500 ms). */
  pollMs?: number;
  /** logs.strip_ansi_in_stream (default true). */
  stripAnsi?: boolean;
}

export interface LogTailHandlers {
  onLines(lines: string[]): void;
  /** The file was truncated or replaced: what was shown before is gone. */
  onReset(): void;
}

export interface LogTail {
  /** Settles once the initial lines were emitted (and, without follow, the tail ended). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

type Handle = Awaited<ReturnType<Fs['open']>>;

// Byte offset where the last `count` lines start (reading backwards in blocks).
async function findTailStart(handle: Handle, size: number, count: number): Promise<number> {
  if (count <= 0) return size;
  const block = Buffer.allocUnsafe(BLOCK);
  let pos = size;
  let seen = 0;
  while (pos > 0 && size - pos < MAX_TAIL_BYTES) {
    const length = Math.min(BLOCK, pos);
    pos -= length;
    const { bytesRead } = await handle.read(block, 0, length, pos);
    for (let i = bytesRead - 1; i >= 0; i -= 1) {
      if (block[i] !== 0x0a || pos + i === size - 1) continue;
      seen += 1;
      if (seen === count) return pos + i + 1;
    }
  }
  return pos;
}

// Whether byte `at - 1` is a line feed: a read from `at` then starts at a line's beginning.
async function followsNewline(handle: Handle, at: number): Promise<boolean> {
  const byte = Buffer.alloc(1);
  const { bytesRead } = await handle.read(byte, 0, 1, at - 1);
  return bytesRead === 1 && byte[0] === 0x0a;
}

/** Tails `path`; see LogTailOptions. Errors other than a missing file stop the tail. */
export function tailLogFile(
  path: string,
  options: LogTailOptions,
  handlers: LogTailHandlers,
  deps: { fs: Fs; watch?: WatchPath },
): LogTail {
  const follow = options.follow ?? true;
  const pollMs = Math.min(options.pollMs ?? DEFAULT_POLL_MS, DEFAULT_POLL_MS);
  const redact = (line: string): string => redactLine(line, { stripAnsi: options.stripAnsi });
  let handle: Handle | null = null;
  let inode = -1;
  let offset = 0;
  let framer: LineFramer = createLineFramer();
  let closed = false;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let watcher: { close(): void } | null = null;
  const buffer = Buffer.allocUnsafe(BLOCK);
  // The read started inside a line (a writer mid-line, or the byte cap): its first piece is a
  // fragment the redactor cannot judge (a secret cut in two), so it is never sent.
  let fragmentPending = false;

  function dropFragment(lines: string[]): string[] {
    if (!fragmentPending || lines.length === 0) return lines;
    fragmentPending = false;
    return lines.slice(1);
  }

  function emit(lines: string[]): void {
    const whole = dropFragment(lines);
    if (closed || whole.length === 0) return;
    handlers.onLines(whole.map(redact));
  }

  async function readRange(
    from: number,
    to: number,
    onChunk: (lines: string[]) => void,
  ): Promise<void> {
    let pos = from;
    while (pos < to && handle !== null && !closed) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(BLOCK, to - pos), pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      onChunk(framer.push(buffer.subarray(0, bytesRead)));
    }
    offset = pos;
  }

  async function openCurrent(): Promise<{ size: number } | null> {
    try {
      // Never waits on a FIFO put in the log's place: refused like an unreadable file.
      const next = await openRegularFile(path, deps.fs);
      const stat = await next.stat();
      handle = next;
      inode = stat.ino;
      return { size: stat.size };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async function readInitial(): Promise<void> {
    const opened = await openCurrent();
    if (opened === null) return;
    const count = options.tail ?? 0;
    const start = await findTailStart(handle as Handle, opened.size, count);
    const collected: string[] = [];
    fragmentPending = start > 0 && !(await followsNewline(handle as Handle, start));
    await readRange(start, opened.size, (lines) => {
      collected.push(...dropFragment(lines));
      if (collected.length > count) collected.splice(0, collected.length - count);
    });
    if (!follow) collected.push(...dropFragment(framer.end()));
    const last = collected.slice(-count);
    for (let i = 0; i < last.length; i += INITIAL_BATCH) emit(last.slice(i, i + INITIAL_BATCH));
  }

  // fs.watch follows an inode: (re)attach it whenever the file at `path` was (re)opened.
  function ensureWatcher(): void {
    if (watcher !== null || !deps.watch || closed || !follow) return;
    try {
      watcher = deps.watch(path, trigger);
    } catch {
      watcher = null; // not watchable: polling covers it
    }
  }

  async function restart(): Promise<void> {
    watcher?.close();
    watcher = null;
    await handle?.close().catch(() => undefined);
    handle = null;
    offset = 0;
    fragmentPending = false;
    framer = createLineFramer();
    if (!closed) handlers.onReset();
  }

  async function check(): Promise<void> {
    let stat: { ino: number; size: number };
    try {
      stat = await deps.fs.stat(path);
    } catch (error) {
      if (isMissing(error)) return; // rotated away: wait for the new file
      throw error;
    }
    if (handle !== null && stat.ino !== inode) {
      const old = await handle.stat();
      await readRange(offset, old.size, emit); // drain what the old file still had
      await restart();
    } else if (handle !== null && stat.size < offset) {
      await restart();
    }
    if (handle === null && (await openCurrent()) === null) return;
    ensureWatcher();
    const size = (await (handle as Handle).stat()).size;
    if (size > offset) await readRange(offset, size, emit);
  }

  function trigger(): void {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = check()
      .catch(() => undefined) // unreadable for now: the next poll tries again
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          trigger();
        }
      });
  }

  function schedulePoll(): void {
    if (closed) return;
    timer = setTimeout(() => {
      trigger();
      schedulePoll();
    }, pollMs);
    timer.unref?.();
  }

  const ready = readInitial().then(() => {
    if (!follow || closed) return;
    if (handle !== null) ensureWatcher();
    schedulePoll();
    trigger();
  });

  return {
    ready,
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      watcher?.close();
      watcher = null;
      await ready.catch(() => undefined);
      await running;
      await handle?.close().catch(() => undefined);
      handle = null;
    },
  };
}
