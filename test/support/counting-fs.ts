// The real node:fs/promises behind the Fs port, counting calls per method and the bytes
// handed out by FileHandle.read, so tests can assert what a watcher costs when idle.
import * as fsp from 'node:fs/promises';
import type { Fs } from '../../src/system/ports.js';

export interface CountingFs {
  fs: Fs;
  /** Calls per Fs method (`open`, `stat`, `readFile`, …). */
  calls: Map<string, number>;
  /** Bytes returned by reads through handles from `open`. */
  bytesRead(): number;
  count(method: string): number;
  reset(): void;
}

/** Wraps the real fs; every method still does the real work. */
export function createCountingFs(): CountingFs {
  const calls = new Map<string, number>();
  let bytes = 0;
  const bump = (method: string) => calls.set(method, (calls.get(method) ?? 0) + 1);
  const real = fsp as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const fs = new Proxy(real, {
    get(target, key: string) {
      const original = target[key];
      if (typeof original !== 'function') return original;
      if (key === 'open') {
        return async (...args: unknown[]) => {
          bump('open');
          const handle = (await original(...args)) as fsp.FileHandle;
          const read = handle.read.bind(handle) as (...a: unknown[]) => Promise<{
            bytesRead: number;
          }>;
          return Object.assign(handle, {
            read: async (...a: unknown[]) => {
              const result = await read(...a);
              bytes += result.bytesRead;
              return result;
            },
          });
        };
      }
      return (...args: unknown[]) => {
        bump(key);
        return original(...args);
      };
    },
  }) as unknown as Fs;
  return {
    fs,
    calls,
    bytesRead: () => bytes,
    count: (method) => calls.get(method) ?? 0,
    reset() {
      calls.clear();
      bytes = 0;
    },
  };
}

/** `fs` whose readFile records each path it is given; the real read still happens. */
export function recordReadFile<F extends Pick<Fs, 'readFile'>>(fs: F): { fs: F; read: string[] } {
  const read: string[] = [];
  const readFile = ((path: string, ...rest: []) => {
    read.push(String(path));
    return fs.readFile(path, ...rest);
  }) as Fs['readFile'];
  return { fs: { ...fs, readFile }, read };
}
