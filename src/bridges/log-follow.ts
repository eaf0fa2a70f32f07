/** Incremental reads of a bridge's log files (stdout, stderr, debug) through the Fs port. */
import type { Fs } from '../system/ports.js';

const CHUNK = 64 * 1024;

export interface FileFollower {
  /** Text appended since the last call ('' when nothing new); restarts after truncation. */
  read(): Promise<string>;
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
      let handle: Awaited<ReturnType<Fs['open']>>;
      try {
        handle = await deps.fs.open(path, 'r');
      } catch {
        return '';
      }
      try {
        let text = '';
        const buffer = Buffer.allocUnsafe(Math.min(CHUNK, size - offset));
        while (offset < size) {
          const length = Math.min(buffer.length, size - offset);
          const { bytesRead } = await handle.read(buffer, 0, length, offset);
          if (bytesRead === 0) break;
          offset += bytesRead;
          text += decoder.decode(buffer.subarray(0, bytesRead), { stream: true });
        }
        return text;
      } finally {
        await handle.close();
      }
    },
  };
}

/** The last `maxBytes` of a file as text ('' when missing). */
export async function readFileTail(
  path: string,
  maxBytes: number,
  deps: { fs: Fs },
): Promise<string> {
  let handle: Awaited<ReturnType<Fs['open']>>;
  try {
    handle = await deps.fs.open(path, 'r');
  } catch {
    return '';
  }
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
