/**
 * Linux /proc reader for resource metrics: a pid's process tree with CPU ticks, resident
 * memory and storage I/O per process. A process that vanishes mid-read is normal (bridges
 * spawn and reap helpers all the time): it is skipped, and nothing here throws.
 */
import * as fsp from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Env, ProcSample, ProcStats, Spawn } from './ports.js';

/** A bound on a tree's size, so a fork bomb cannot make one poll unbounded. */
const MAX_TREE = 4096;
const DEFAULT_TICKS = 100;
const DEFAULT_PAGE_SIZE = 4096;

async function readText(path: string): Promise<string | null> {
  try {
    return await fsp.readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/** The fields of /proc/<pid>/stat after the command name (which may hold spaces and parens). */
function statFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

function parseIds(text: string): number[] {
  return text
    .split(/\s+/)
    .filter((part) => /^\d+$/.test(part))
    .map(Number);
}

/** A `key: value` number from /proc/<pid>/status or /proc/<pid>/io, or null. */
function readField(text: string, key: string): number | null {
  const match = new RegExp(`^${key}:\\s*(\\d+)`, 'm').exec(text);
  return match ? Number(match[1]) : null;
}

/** Runs `getconf NAME` once; a positive integer, else `fallback`. */
async function readGetconf(name: string, fallback: number, options: Options): Promise<number> {
  try {
    const env = { PATH: options.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' };
    const child = options.spawn('getconf', [name], { env, stdout: 'pipe', timeoutMs: 5000 });
    let out = '';
    for await (const chunk of child.stdout ?? []) out += chunk;
    const exit = await child.exited;
    const value = Number(out.trim());
    return exit.exitCode === 0 && Number.isInteger(value) && value > 0 ? value : fallback;
  } catch {
    return fallback;
  }
}

/** Children of every thread of `pid` (the kernel lists children per creating thread). */
async function readChildren(pid: number): Promise<number[]> {
  let tids: string[];
  try {
    tids = await fsp.readdir(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const lists = await Promise.all(tids.map((tid) => readText(`/proc/${pid}/task/${tid}/children`)));
  return lists.flatMap((text) => (text === null ? [] : parseIds(text)));
}

/** Fallback without /proc/<pid>/task/<tid>/children: one scan of every process's ppid. */
async function scanParents(): Promise<Map<number, number[]>> {
  const byParent = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = await fsp.readdir('/proc');
  } catch {
    return byParent;
  }
  const pids = entries.filter((name) => /^\d+$/.test(name)).map(Number);
  const stats = await Promise.all(pids.map((pid) => readText(`/proc/${pid}/stat`)));
  pids.forEach((pid, i) => {
    const stat = stats[i];
    if (stat === null || stat === undefined) return;
    const ppid = Number(statFields(stat)[1]);
    byParent.set(ppid, [...(byParent.get(ppid) ?? []), pid]);
  });
  return byParent;
}

interface Options {
  spawn: Spawn;
  env: Env;
}

/** Creates the /proc reader; getconf runs lazily, once, on first need. */
export function createProcStats(options: Options): ProcStats {
  let ticks: Promise<number> | undefined;
  let pageSize: Promise<number> | undefined;
  let childrenFiles: Promise<boolean> | undefined;

  async function hasChildrenFiles(): Promise<boolean> {
    childrenFiles ??= fsp.access(`/proc/self/task/${process.pid}/children`).then(
      () => true,
      () => false,
    );
    return childrenFiles;
  }

  async function listTree(root: number): Promise<number[]> {
    const parents = (await hasChildrenFiles()) ? null : await scanParents();
    const seen = new Set<number>([root]);
    const queue = [root];
    while (queue.length > 0 && seen.size < MAX_TREE) {
      const pid = queue.shift() as number;
      const children = parents === null ? await readChildren(pid) : (parents.get(pid) ?? []);
      for (const child of children) {
        if (seen.has(child)) continue;
        seen.add(child);
        queue.push(child);
      }
    }
    return [...seen];
  }

  async function readRss(pid: number): Promise<number | null> {
    const status = await readText(`/proc/${pid}/status`);
    const kib = status === null ? null : readField(status, 'VmRSS');
    if (kib !== null) return kib * 1024;
    const statm = await readText(`/proc/${pid}/statm`);
    const pages = statm === null ? Number.NaN : Number(statm.split(' ')[1]);
    if (!Number.isFinite(pages)) return null;
    pageSize ??= readGetconf('PAGESIZE', DEFAULT_PAGE_SIZE, options);
    return pages * (await pageSize);
  }

  async function readOne(pid: number): Promise<ProcSample | null> {
    const stat = await readText(`/proc/${pid}/stat`);
    if (stat === null) return null;
    const fields = statFields(stat);
    if (fields[0] === 'Z' || fields[0] === 'X') return null;
    const rssBytes = await readRss(pid);
    if (rssBytes === null) return null;
    const io = await readText(`/proc/${pid}/io`);
    return {
      pid,
      startTicks: Number(fields[19]),
      cpuTicks: Number(fields[11]) + Number(fields[12]),
      rssBytes,
      readBytes: io === null ? null : readField(io, 'read_bytes'),
      writeBytes: io === null ? null : readField(io, 'write_bytes'),
    };
  }

  return {
    ticksPerSecond() {
      ticks ??= readGetconf('CLK_TCK', DEFAULT_TICKS, options);
      return ticks;
    },
    cpuCount: () => availableParallelism(),
    async readTree(pid) {
      if (!Number.isInteger(pid) || pid <= 0) return [];
      try {
        const samples = await Promise.all((await listTree(pid)).map(readOne));
        return samples.filter((sample): sample is ProcSample => sample !== null);
      } catch {
        return [];
      }
    },
  };
}
