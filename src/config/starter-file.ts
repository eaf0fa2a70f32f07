/**
 * The starter config `clauster init` writes. Invariant: the YAML is rendered by the yaml
 * package from values (never concatenated from input); the file must pass checkConfig()
 * as the very bytes about to be renamed into place; it is written atomically with mode 0600
 * (it may hold a password hash) and never replaces an existing file: it is hard-linked into
 * place, which fails atomically when anything appeared there meanwhile. A refusal removes the
 * parent directories it created while they are still empty.
 */
import { dirname, sep } from 'node:path';
import { Document } from 'yaml';
import { writeFileAtomic } from '../state/atomic-write.js';
import type { Env, Fs, Lookup } from '../system/ports.js';
import type { ConfigProblem } from './problems.js';
import { checkConfig } from './verdict.js';

export interface StarterAnswers {
  host: string;
  port: number;
  projectsRoot: string | null;
  instanceName: string | null;
  /** argon2id hash of the dashboard password, or null for no password. */
  passwordHash: string | null;
}

const HEADER = [
  ' clauster.yml — written by `clauster init`.',
  ' Only the keys chosen at setup are here; every other key keeps its default.',
  ' clauster.example.yml (in the clauster repository) lists every key, its default and meaning.',
  ' Validate after editing: clauster check-config -c <this file>',
].join('\n');

/** Renders the starter file and lists the key paths it sets (never their values). */
export function renderStarterConfig(answers: StarterAnswers): { text: string; keys: string[] } {
  const values: Record<string, unknown> = {};
  if (answers.projectsRoot !== null) values.projects_root = answers.projectsRoot;
  values.host = answers.host;
  values.port = answers.port;
  if (answers.instanceName !== null) values.instance_name = answers.instanceName;
  const keys = Object.keys(values);
  if (answers.passwordHash !== null) {
    values.auth = {
      enabled: true,
      password_required: true,
      password_hash: answers.passwordHash,
    };
    keys.push('auth.enabled', 'auth.password_required', 'auth.password_hash');
  }
  const doc = new Document(values);
  doc.commentBefore = HEADER;
  return { text: doc.toString({ lineWidth: 0 }), keys };
}

export type StarterWrite =
  | { written: true }
  | { written: false; reason: 'exists' | 'check'; problems: ConfigProblem[] };

type WriteDeps = { fs: Fs; env: Env; home: string; lookup: Lookup };

class Refused extends Error {
  constructor(readonly outcome: Extract<StarterWrite, { written: false }>) {
    super(outcome.reason);
  }
}

async function occupied(path: string, fs: Fs): Promise<boolean> {
  try {
    await fs.lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

function existsOutcome(path: string): Extract<StarterWrite, { written: false }> {
  const problem = { path: '(file)', expected: 'no file there', found: `an existing ${path}` };
  return { written: false, reason: 'exists', problems: [problem] };
}

/** The refusal when something (a file, a link, a directory) is already at `path`, else null. */
export async function checkStarterTarget(
  path: string,
  deps: { fs: Fs },
): Promise<Extract<StarterWrite, { written: false }> | null> {
  return (await occupied(path, deps.fs)) ? existsOutcome(path) : null;
}

/**
 * Writes `text` to `path` unless something is there; the parent is created 0700 when
 * missing. The temp file is checked exactly as `clauster run` would load it (same
 * directory, so relative paths resolve the same) before the rename.
 */
export async function writeStarterConfig(
  path: string,
  text: string,
  options: { cwd: string },
  deps: WriteDeps,
): Promise<StarterWrite> {
  const taken = await checkStarterTarget(path, deps);
  if (taken !== null) return taken;
  const created = await deps.fs.mkdir(dirname(path), { recursive: true, mode: 0o700 });
  let outcome: StarterWrite | null = null;
  try {
    outcome = await writeNew(path, text, options, deps);
    return outcome;
  } finally {
    if (outcome?.written !== true && created !== undefined) {
      await removeEmptyDirs(dirname(path), created, deps.fs);
    }
  }
}

/** rmdir (never recursive) from `dir` up to `top`, stopping at the first that is not empty. */
async function removeEmptyDirs(dir: string, top: string, fs: Fs): Promise<void> {
  for (let current = dir; ; current = dirname(current)) {
    try {
      await fs.rmdir(current);
    } catch {
      return;
    }
    if (current === top || !current.startsWith(`${top}${sep}`)) return;
  }
}

async function writeNew(
  path: string,
  text: string,
  options: { cwd: string },
  deps: WriteDeps,
): Promise<StarterWrite> {
  const beforeRename = async (tempPath: string): Promise<void> => {
    const verdict = await checkConfig({ cwd: options.cwd, configPath: tempPath }, deps);
    if (!verdict.ok) {
      throw new Refused({ written: false, reason: 'check', problems: verdict.problems });
    }
    if (await occupied(path, deps.fs)) throw new Refused(existsOutcome(path));
  };
  const atomic = { mode: 0o600, exactMode: true, noReplace: true, beforeRename };
  try {
    await writeFileAtomic(path, text, atomic, deps);
  } catch (error) {
    if (error instanceof Refused) return error.outcome;
    // Why: something appeared at `path` after the check; the link never replaces it.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return existsOutcome(path);
    throw error;
  }
  return { written: true };
}
