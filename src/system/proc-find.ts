/**
 * Finding live processes by their command line: one pass over /proc/<pid>/cmdline. Used once
 * per dashboard start, for a bridge whose launch was cut short before its pid was recorded.
 * A process that vanishes mid-read is skipped; nothing throws.
 */
import * as fsp from 'node:fs/promises';
import type { FindProcesses, ProcessIdentity } from './ports.js';

/** cmdline files read at once (a bound on open descriptors, not on the total). */
const BATCH = 32;

async function readCmdline(root: string, pid: number): Promise<string[] | null> {
  try {
    const text = await fsp.readFile(`${root}/${pid}/cmdline`, 'utf8');
    return text.split('\0').filter((part) => part.length > 0);
  } catch {
    return null;
  }
}

/**
 * A finder over the /proc at `root`. Each candidate is read again through `identity`, and
 * kept only when that fresh read still matches (its pid may have been reused in between).
 */
export function createProcessFinder(
  root: string,
  identity: (pid: number) => Promise<ProcessIdentity | null>,
): FindProcesses {
  return async (match) => {
    const names = await fsp.readdir(root).catch(() => [] as string[]);
    const pids = names.filter((name) => /^[1-9]\d*$/.test(name)).map(Number);
    const candidates: number[] = [];
    for (let i = 0; i < pids.length; i += BATCH) {
      const batch = pids.slice(i, i + BATCH);
      const lines = await Promise.all(batch.map((pid) => readCmdline(root, pid)));
      lines.forEach((cmdline, index) => {
        if (cmdline !== null && match(cmdline)) candidates.push(batch[index] as number);
      });
    }
    const found: ProcessIdentity[] = [];
    for (const pid of candidates) {
      const fresh = await identity(pid);
      if (fresh !== null && match(fresh.cmdline)) found.push(fresh);
    }
    return found;
  };
}
