/**
 * Linux /proc reader for resource metrics: a pid's process tree with CPU ticks, resident
 * memory and storage I/O per process. Invariants: a root that is gone, a zombie or (given its
 * start time) a recycled pid yields [] — never another process's tree; one batch scans /proc
 * at most once, whatever the number of roots; at most `maxReads` files are open at a time.
 * A process that vanishes mid-read is normal (bridges spawn and reap helpers all the time):
 * it is skipped, and nothing here throws.
 */
import * as fsp from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { createConcurrencyLimiter } from '../concurrency.js';
import type { Env, ProcSample, ProcStats, ProcTreeRoot, Spawn } from './ports.js';
import { createProcFiles, isGone, type ProcScan, type StatInfo, walkTree } from './proc-tree.js';

const DEFAULT_TICKS = 100;
const DEFAULT_PAGE_SIZE = 4096;
const DEFAULT_MAX_READS = 8;
/** Below this many processes per tree to read, one scan of /proc beats the children files. */
const SCAN_PIDS_PER_ROOT = 16;

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

export interface Options {
  spawn: Spawn;
  env: Env;
  /** The proc filesystem (tests point it at a fake tree in a temp dir). */
  procRoot?: string;
  /**
   * How a batch finds children: 'scan' (one pass over every process's stat) or 'children'
   * (/proc/<pid>/task/<tid>/children). Unset: the children files when the proc root has them
   * and the machine runs many processes per tree to read, else a scan.
   */
  listing?: 'scan' | 'children';
  /** File reads in flight at most (default 8). */
  maxReads?: number;
}

/** Creates the /proc reader; getconf runs lazily, once, on first need. */
export function createProcStats(options: Options): ProcStats {
  const root = options.procRoot ?? '/proc';
  const files = createProcFiles(
    root,
    createConcurrencyLimiter(options.maxReads ?? DEFAULT_MAX_READS),
  );
  let ticks: Promise<number> | undefined;
  let pageSize: Promise<number> | undefined;
  let childrenFiles: Promise<boolean> | undefined;

  function hasChildrenFiles(): Promise<boolean> {
    childrenFiles ??= fsp.access(`${root}/${process.pid}/task/${process.pid}/children`).then(
      () => true,
      () => false,
    );
    return childrenFiles;
  }

  /** Resident bytes: statm's resident pages (the same count as VmRSS, at a quarter the cost). */
  async function readRss(pid: number): Promise<number | null> {
    const statm = await files.readText(`${pid}/statm`);
    const pages = statm === null ? Number.NaN : Number(statm.split(' ')[1]);
    if (Number.isFinite(pages)) {
      pageSize ??= readGetconf('PAGESIZE', DEFAULT_PAGE_SIZE, options);
      return pages * (await pageSize);
    }
    const status = await files.readText(`${pid}/status`);
    const kib = status === null ? null : readField(status, 'VmRSS');
    return kib === null ? null : kib * 1024;
  }

  /** One process: its stat (known from a scan, else read now), then status and io. */
  async function readOne(pid: number, known: StatInfo | undefined): Promise<ProcSample | null> {
    const info = known ?? (await files.readStat(pid));
    if (info === null || isGone(info)) return null;
    const rssBytes = await readRss(pid);
    if (rssBytes === null) return null;
    const io = await files.readText(`${pid}/io`);
    return {
      pid,
      startTicks: info.startTicks,
      cpuTicks: info.cpuTicks,
      rssBytes,
      readBytes: io === null ? null : readField(io, 'read_bytes'),
      writeBytes: io === null ? null : readField(io, 'write_bytes'),
    };
  }

  async function readOneTree(tree: ProcTreeRoot, scan: ProcScan | null): Promise<ProcSample[]> {
    const { pid, startTicks } = tree;
    if (!Number.isInteger(pid) || pid <= 0) return [];
    const rootStat = scan === null ? await files.readStat(pid) : (scan.stats.get(pid) ?? null);
    // Gone, a zombie (its children were already handed to another parent) or a recycled pid.
    if (rootStat === null || isGone(rootStat)) return [];
    if (typeof startTicks === 'number' && rootStat.startTicks !== startTicks) return [];
    const members = await walkTree(pid, (parent) =>
      scan === null ? files.readChildren(parent) : (scan.children.get(parent) ?? []),
    );
    const samples = await Promise.all(
      members.map((member) => readOne(member, member === pid ? rootStat : scan?.stats.get(member))),
    );
    return samples.filter((sample): sample is ProcSample => sample !== null);
  }

  /**
   * The pids to scan, or null to use the children files. One scan reads every process's stat
   * once; children files cost (threads + 3) opens per tree member. So: scan without children
   * files, or when the machine runs few processes per tree to read.
   */
  async function pidsToScan(roots: readonly ProcTreeRoot[]): Promise<number[] | null> {
    const count = roots.filter((r) => Number.isInteger(r.pid) && r.pid > 0).length;
    if (count === 0 || options.listing === 'children') return null;
    const pids = await files.listPids();
    if (options.listing === 'scan' || !(await hasChildrenFiles())) return pids;
    return pids.length <= count * SCAN_PIDS_PER_ROOT ? pids : null;
  }

  async function readTrees(roots: readonly ProcTreeRoot[]): Promise<ProcSample[][]> {
    try {
      const pids = await pidsToScan(roots);
      const scan = pids === null ? null : await files.scan(pids);
      return await Promise.all(roots.map((r) => readOneTree(r, scan).catch(() => [])));
    } catch {
      return roots.map(() => []);
    }
  }

  return {
    ticksPerSecond() {
      ticks ??= readGetconf('CLK_TCK', DEFAULT_TICKS, options);
      return ticks;
    },
    cpuCount: () => availableParallelism(),
    readTrees,
  };
}
