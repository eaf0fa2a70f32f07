/** Incremental reads of a bridge's log files (stdout, stderr, debug) through the Fs port. */
import { openRegularFile } from '../state/regular-file.js';
import type { Fs } from '../system/ports.js';

const CHUNK = 64 * 1024;

export interface FileFollower {
  /** Text appended since the last call ('' when nothing new); restarts after truncation. */
  read(): Promise<string>;
}

type FileHandle = Awaited<ReturnType<Fs['open']>>;

// Opens `path` for reading; null when it is missing, unreadable or not a regular file (a
// FIFO put there is never waited on): it reads as empty.
async function openIfExists(path: string, deps: { fs: Fs }): Promise<FileHandle | null> {
  return openRegularFile(path, deps.fs).catch(() => null);
}

/**
 * Reads bytes `from` … `to` of a file in chunks of at most 64 KiB, handing each to `onChunk`
 * (the buffer is reused: consume it before returning); returns the offset reached (`from`
 * when the file is missing, less than `to` when it shrank meanwhile).
 */
export async function readChunks(
  path: string,
  range: { from: number; to: number; onChunk(bytes: Buffer): void | Promise<void> },
  deps: { fs: Fs },
): Promise<number> {
  let offset = range.from;
  if (offset >= range.to) return offset;
  const handle = await openIfExists(path, deps);
  if (!handle) return offset;
  try {
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK, range.to - offset));
    while (offset < range.to) {
      const length = Math.min(buffer.length, range.to - offset);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
      await range.onChunk(buffer.subarray(0, bytesRead));
    }
    return offset;
  } finally {
    await handle.close();
  }
}

/**
 * Follows one file from its start; a missing file reads as empty. Each read costs one stat
 * when nothing was appended; only the new bytes are read (a smaller size restarts at 0).
 */
export function createFileFollower(path: string, deps: { fs: Fs }): FileFollower {
  let offset = 0;
  let decoder = new TextDecoder('utf-8');
  return {
    async read() {
      let size: number;
      try {
        ({ size } = await deps.fs.stat(path));
      } catch {
        return '';
      }
      if (size === offset) return '';
      if (size < offset) {
        offset = 0;
        decoder = new TextDecoder('utf-8');
      }
      let text = '';
      offset = await readChunks(
        path,
        {
          from: offset,
          to: size,
          onChunk: (bytes) => {
            text += decoder.decode(bytes, { stream: true });
          },
        },
        deps,
      );
      return text;
    },
  };
}

/** The last `maxBytes` of a file as text ('' when missing). */
export async function readFileTail(
  path: string,
  maxBytes: number,
  deps: { fs: Fs },
): Promise<string> {
  const handle = await openIfExists(path, deps);
  if (!handle) return '';
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - maxBytes);
    const buffer = Buffer.alloc(size - start);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
