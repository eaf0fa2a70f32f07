/**
 * Finding live processes by their command line: one pass over /proc/<pid>/cmdline. Used once
 * per dashboard start, for a bridge whose launch was cut short before its pid was recorded.
 * A process that vanishes mid-read is skipped; nothing throws. The pass is bounded (entries
 * read, and a deadline, since a cmdline read can block); a pass cut short says so.
 */
import * as fsp from 'node:fs/promises';
import type { FindProcesses, FoundProcess, ProcessIdentity } from './ports.js';

/** cmdline files read at once (a bound on open descriptors, not on the total). */
const BATCH = 32;

export interface FinderLimits {
  /** The most /proc entries read in one pass (default 100 000). */
  maxEntries?: number;
  /** How long one pass may take before it gives up, incomplete (default 10 s). */
  deadlineMs?: number;
}

async function readCmdline(root: string, pid: number): Promise<string[] | null> {
  try {
    const text = await fsp.readFile(`${root}/${pid}/cmdline`, 'utf8');
    return text.split('\0').filter((part) => part.length > 0);
  } catch {
    return null;
  }
}

async function readOwner(root: string, pid: number): Promise<number | null> {
  try {
    return (await fsp.stat(`${root}/${pid}`)).uid;
  } catch {
    return null;
  }
}

const TIMED_OUT = Symbol('timed-out');

/**
 * A finder over the /proc at `root`. Each candidate is read again through `identity`, and
 * kept only when that fresh read still matches (its pid may have been reused in between).
 */
export function createProcessFinder(
  root: string,
  identity: (pid: number) => Promise<ProcessIdentity | null>,
  limits: FinderLimits = {},
): FindProcesses {
  const maxEntries = limits.maxEntries ?? 100_000;
  const deadlineMs = limits.deadlineMs ?? 10_000;
  return async (match) => {
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), deadlineMs);
    });
    // Each step races the deadline: a read that blocks cannot hold the pass.
    const bounded = <T>(step: Promise<T>) => Promise.race([step, expired]);
    try {
      const names = await bounded(fsp.readdir(root).catch(() => [] as string[]));
      if (names === TIMED_OUT) return { found: [], complete: false };
      const all = names.filter((name) => /^[1-9]\d*$/.test(name)).map(Number);
      const pids = all.slice(0, maxEntries);
      let complete = pids.length === all.length;
      const candidates: number[] = [];
      for (let i = 0; i < pids.length && complete; i += BATCH) {
        const batch = pids.slice(i, i + BATCH);
        const lines = await bounded(Promise.all(batch.map((pid) => readCmdline(root, pid))));
        if (lines === TIMED_OUT) complete = false;
        else
          lines.forEach((cmdline, index) => {
            if (cmdline !== null && match(cmdline)) candidates.push(batch[index] as number);
          });
      }
      const found: FoundProcess[] = [];
      for (const pid of candidates) {
        const fresh = await bounded(identity(pid));
        if (fresh === TIMED_OUT) return { found, complete: false };
        if (fresh === null || !match(fresh.cmdline)) continue;
        const uid = await bounded(readOwner(root, pid));
        if (uid === TIMED_OUT) return { found, complete: false };
        found.push({ ...fresh, uid });
      }
      return { found, complete };
    } finally {
      clearTimeout(timer);
    }
  };
}
