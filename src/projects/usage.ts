/**
 * Token usage and approximate cost of a project, from the transcripts Claude Code keeps in
 * `<claude dir>/projects/<key>/` for each directory the project was used from (the same
 * folder key as the bridge pointer: src/claude/bridge-pointer.ts). Invariants: only regular
 * files named `*.jsonl` are read, in real folders (a symlinked key folder, file, session folder
 * or `subagents` folder is never followed out of the transcripts folder); a missing folder is
 * zero usage, an unreadable file is counted, never fatal.
 */
import { join } from 'node:path';
import {
  isPointerKeyFor,
  MAX_SANITIZED_LENGTH,
  resolvePointerRoot,
  toPointerKey,
} from '../claude/bridge-pointer.js';
import type { Config } from '../config/schema.js';
import { isMissing } from '../fs-errors.js';
import type { Result } from '../result.js';
import type { Env, Fs } from '../system/ports.js';
import { createTranscriptCache, type FileUsage, type TranscriptCache } from './transcript-file.js';
import { buildUsageReport, type UsageReport, type UsageSettings } from './usage-report.js';

export interface TranscriptDeps {
  fs: Fs;
  /** The environment claude runs with: its CLAUDE_CONFIG_DIR picks the folder. */
  env: Env;
  home: string;
}

const TRANSCRIPT_SUFFIX = '.jsonl';
/** Newer CLIs keep sub-agent turns in `<sessionId>/subagents/*.jsonl` beside the session. */
const SUBAGENTS_DIR = 'subagents';

interface Listing {
  files: string[];
  unreadable: number;
}

/** The usage settings of a validated config's `usage` section. */
export function toUsageSettings(usage: Config['usage']): UsageSettings {
  return {
    mode: usage.mode,
    currency: usage.currency,
    currencySymbol: usage.currency_symbol,
    fxRate: usage.fx_rate,
    totalIncludesCache: usage.token_total_includes_cache,
  };
}

async function listEntries(dir: string, deps: { fs: Fs }, listing: Listing) {
  try {
    return await deps.fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (!isMissing(error)) listing.unreadable += 1;
    return [];
  }
}

// True when `path` is a directory itself, not a symlink to one (lstat never follows).
async function isRealDirectory(path: string, deps: { fs: Fs }): Promise<boolean> {
  try {
    return (await deps.fs.lstat(path)).isDirectory();
  } catch {
    return false;
  }
}

// The transcripts of one key folder, and those of the sub-agents of its sessions.
async function listKeyFolder(dir: string, deps: { fs: Fs }, listing: Listing): Promise<void> {
  for (const entry of await listEntries(dir, deps, listing)) {
    if (entry.isFile() && entry.name.endsWith(TRANSCRIPT_SUFFIX)) {
      listing.files.push(join(dir, entry.name));
    } else if (entry.isDirectory()) {
      const nested = join(dir, entry.name, SUBAGENTS_DIR);
      if (!(await isRealDirectory(nested, deps))) continue;
      for (const inner of await listEntries(nested, deps, { files: [], unreadable: 0 })) {
        if (inner.isFile() && inner.name.endsWith(TRANSCRIPT_SUFFIX))
          listing.files.push(join(nested, inner.name));
      }
    }
  }
}

/**
 * The key folders that may hold the transcripts of `directories`. A long path's folder is its
 * exact key when that exists; only when it does not is every folder with the same cut prefix
 * taken (a CLI build that hashed differently), which may belong to another long path. Only
 * folders that are directories themselves are returned (lstat: a symlinked one is left out).
 */
export async function listTranscriptFolders(
  directories: readonly string[],
  deps: TranscriptDeps,
): Promise<string[]> {
  const root = resolvePointerRoot(deps);
  const keys = new Set<string>();
  let names: string[] | null = null;
  for (const directory of directories) {
    const exact = toPointerKey(directory);
    keys.add(exact);
    if (exact.length <= MAX_SANITIZED_LENGTH) continue;
    names ??= await deps.fs.readdir(root).catch(() => []);
    if (names.includes(exact)) continue;
    for (const name of names) if (isPointerKeyFor(name, directory)) keys.add(name);
  }
  // Only real folders: a key folder that is a symlink is never followed out of the tree.
  const folders: string[] = [];
  for (const key of keys) {
    const folder = join(root, key);
    if (await isRealDirectory(folder, deps)) folders.push(folder);
  }
  return folders;
}

/** Every transcript file of the project used from `directories`, sorted. */
export async function listTranscriptFiles(
  directories: readonly string[],
  deps: TranscriptDeps,
): Promise<Listing> {
  const listing: Listing = { files: [], unreadable: 0 };
  for (const folder of await listTranscriptFolders(directories, deps)) {
    await listKeyFolder(folder, deps, listing);
  }
  listing.files = [...new Set(listing.files)].sort();
  return listing;
}

async function readFiles(paths: readonly string[], cache: TranscriptCache, deps: { fs: Fs }) {
  const files: FileUsage[] = [];
  let unreadable = 0;
  for (const path of paths) {
    const read = await cache.read(path, deps);
    if (read.ok) files.push(read.value);
    else unreadable += 1;
  }
  return { files, unreadable };
}

/** The usage of every transcript of a project; no transcripts folder is zero usage. */
export async function readProjectUsage(
  directories: readonly string[],
  settings: UsageSettings,
  deps: TranscriptDeps & { cache?: TranscriptCache },
): Promise<UsageReport> {
  const listing = await listTranscriptFiles(directories, deps);
  const cache = deps.cache ?? createTranscriptCache();
  const { files, unreadable } = await readFiles(listing.files, cache, deps);
  return buildUsageReport(files, settings, { unreadableFiles: unreadable + listing.unreadable });
}

/** The usage of one transcript file; a file that cannot be read is a refusal. */
export async function readFileUsage(
  path: string,
  settings: UsageSettings,
  deps: { fs: Fs; cache?: TranscriptCache },
): Promise<Result<UsageReport, 'unreadable'>> {
  const read = await (deps.cache ?? createTranscriptCache()).read(path, deps);
  if (!read.ok) return read;
  return { ok: true, value: buildUsageReport([read.value], settings) };
}
