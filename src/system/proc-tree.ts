/**
 * Finding a process tree under /proc: parsing `stat`, listing a pid's children (from
 * /proc/<pid>/task/<tid>/children, or from one scan of every process's parent pid), and a
 * bounded breadth-first walk. A process that vanishes mid-read is skipped; nothing throws.
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { promisify } from 'node:util';

/** A bound on a tree's size, so a fork bomb cannot make one poll unbounded. */
export const MAX_TREE = 4096;
/** Threads whose children files are read per process (children are listed per thread). */
export const MAX_TIDS = 64;
/** One read covers stat, statm, io and status (seq files answer a large read in one go). */
const READ_CHUNK = 8192;

/** Runs one file operation under the reader's concurrency limit. */
export type RunLimited = <T>(task: () => Promise<T>) => Promise<T>;

/** What a tree reading needs from /proc/<pid>/stat. */
export interface StatInfo {
  /** Field 3: R, S, D, Z (zombie), X (dead), … */
  state: string;
  ppid: number;
  /** Field 5: the process group id. */
  pgrp: number;
  /** Field 22: start time in clock ticks since boot. */
  startTicks: number;
  /** Fields 14-17: utime + stime + cutime + cstime (own and waited-for children's CPU). */
  cpuTicks: number;
}

/**
 * The fields of /proc/<pid>/stat after the command name, which may hold spaces and parens:
 * index 0 is field 3 (state), index 1 the ppid, index 2 the pgrp, index 19 field 22 (start
 * time).
 */
function parseStatFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** The parts of a stat line a reading uses; null when it does not parse. */
export function parseStat(stat: string): StatInfo | null {
  const f = parseStatFields(stat);
  const numbers = [f[1], f[2], f[11], f[12], f[13], f[14], f[19]].map(Number);
  if (f[0] === undefined || numbers.some((n) => !Number.isFinite(n))) return null;
  const [ppid, pgrp, utime, stime, cutime, cstime, startTicks] = numbers as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return { state: f[0], ppid, pgrp, startTicks, cpuTicks: utime + stime + cutime + cstime };
}

export function isGone(info: StatInfo): boolean {
  return info.state === 'Z' || info.state === 'X';
}

const promisedOpen = promisify(fs.open);
const promisedRead = promisify(fs.read);
const promisedClose = promisify(fs.close);

/**
 * A small /proc file in three pool round trips (open, read, close): fs.readFile needs five
 * (an fstat, and a second read since /proc sizes are 0), which tripled a poll's CPU.
 */
async function readSmallFile(path: string): Promise<string> {
  const fd = await promisedOpen(path, 'r');
  try {
    const chunks: Buffer[] = [];
    for (;;) {
      const buffer = Buffer.allocUnsafe(READ_CHUNK);
      const { bytesRead } = await promisedRead(fd, buffer, 0, READ_CHUNK, null);
      chunks.push(buffer.subarray(0, bytesRead));
      if (bytesRead < READ_CHUNK) break;
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    await promisedClose(fd);
  }
}

/** Every process's stat and the children of each pid, from one pass over /proc. */
export interface ProcScan {
  stats: Map<number, StatInfo>;
  children: Map<number, number[]>;
}

function parseIds(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(/\s+/)) if (/^\d+$/.test(part)) out.push(Number(part));
  return out;
}

/** File reads of one /proc root, each under the concurrency limit. */
export function createProcFiles(root: string, run: RunLimited) {
  async function readText(path: string): Promise<string | null> {
    try {
      return await run(() => readSmallFile(`${root}/${path}`));
    } catch {
      return null;
    }
  }

  async function readDir(path: string): Promise<string[]> {
    try {
      return await run(() => fsp.readdir(`${root}${path === '' ? '' : `/${path}`}`));
    } catch {
      return [];
    }
  }

  return {
    readText,
    async readStat(pid: number): Promise<StatInfo | null> {
      const text = await readText(`${pid}/stat`);
      return text === null ? null : parseStat(text);
    },
    /** Children of the first MAX_TIDS threads of `pid`. */
    async readChildren(pid: number): Promise<number[]> {
      const tids = (await readDir(`${pid}/task`)).slice(0, MAX_TIDS);
      const lists = await Promise.all(tids.map((tid) => readText(`${pid}/task/${tid}/children`)));
      const out: number[] = [];
      for (const text of lists) if (text !== null) for (const id of parseIds(text)) out.push(id);
      return out;
    },
    /** Every pid under the root. */
    async listPids(): Promise<number[]> {
      return (await readDir('')).filter((name) => /^\d+$/.test(name)).map(Number);
    },
    /** One scan of the stat of `pids`: pid → stat, and ppid → children. */
    async scan(pids: readonly number[]): Promise<ProcScan> {
      const stats = new Map<number, StatInfo>();
      const texts = await Promise.all(pids.map((pid) => readText(`${pid}/stat`)));
      const children = new Map<number, number[]>();
      pids.forEach((pid, i) => {
        const text = texts[i];
        const info = text === null || text === undefined ? null : parseStat(text);
        if (info === null) return;
        stats.set(pid, info);
        const list = children.get(info.ppid);
        if (list === undefined) children.set(info.ppid, [pid]);
        else list.push(pid);
      });
      return { stats, children };
    },
  };
}

/**
 * The root and its descendants, breadth first, at most MAX_TREE pids (adding stops at the
 * cap, however many children one process has). Each level's children are asked at once.
 */
export async function walkTree(
  root: number,
  childrenOf: (pid: number) => Promise<readonly number[]> | readonly number[],
): Promise<number[]> {
  const members = [root];
  const seen = new Set(members);
  let level = [root];
  while (level.length > 0 && members.length < MAX_TREE) {
    const lists = await Promise.all(level.map((pid) => childrenOf(pid)));
    const next: number[] = [];
    for (const list of lists) {
      for (const child of list) {
        if (members.length >= MAX_TREE) break;
        if (seen.has(child)) continue;
        seen.add(child);
        members.push(child);
        next.push(child);
      }
    }
    level = next;
  }
  return members;
}
