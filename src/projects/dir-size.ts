/** Disk use of a directory tree, for the clone size cap. */
import { join } from 'node:path';
import { isMissing } from '../fs-errors.js';
import type { Fs } from '../system/ports.js';

/**
 * Sums the sizes of every entry under `root` without following symlinks; entries that vanish
 * while it walks (git renames temp packs) are skipped. Stops early once `limit` is passed.
 */
export async function measureDirSize(
  root: string,
  options: { limit?: number },
  deps: { fs: Fs },
): Promise<number> {
  let total = 0;
  const stack = [root];
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  while (stack.length > 0 && total <= limit) {
    const dir = stack.pop() as string;
    let names: string[];
    try {
      names = await deps.fs.readdir(dir);
    } catch (error) {
      if (isMissing(error)) continue;
      throw error;
    }
    for (const name of names) {
      const path = join(dir, name);
      try {
        const stat = await deps.fs.lstat(path);
        // The larger of apparent size and allocated blocks: directories and small files count.
        total += Math.max(stat.size, stat.blocks * 512);
        if (stat.isDirectory()) stack.push(path);
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
  }
  return total;
}
