/**
 * Create an empty project (design §4/§6, security.md R-FS-2): the core of POST /api/projects
 * and `clauster projects create`. Invariants: the name passes the same rules discovery lists
 * by; the directory is `<realpath(projects_root)>/<name>`, claimed with one non-recursive
 * mkdir, so anything already there (directory, file, symlink, dangling symlink) is refused
 * and left untouched; a failed `git init`, or a directory that no longer resolves as the
 * project once made, removes what this call made and nothing else (`.git`, then the directory
 * with a non-recursive rmdir, so anything written into it meanwhile keeps it). An I/O failure
 * (EACCES, ENOSPC, EROFS…) is `create-failed`, not a problem of projects_root.
 */
import { join } from 'node:path';
import { fail, ok, type Result } from '../result.js';
import { redactText } from '../security/redact.js';
import type { Env, Fs, Spawn } from '../system/ports.js';
import { buildGitInitCommand } from './clone-git.js';
import {
  type DiscoveryOptions,
  type Project,
  resolveProject,
  resolveProjectsRoot,
} from './discovery.js';
import { checkProjectName, isProjectDirName } from './names.js';

export type CreateProjectError =
  | 'feature-disabled'
  | 'invalid-project-name'
  | 'projects-root-unavailable'
  | 'project-exists'
  | 'create-failed'
  | 'git-init-failed';

export interface CreateProjectOptions {
  /** `clone.enabled`: creating and cloning are switched on and off together. */
  enabled: boolean;
  discovery: DiscoveryOptions;
  gitInit: boolean;
  /** How long `git init` may run (default 30 s). */
  timeoutMs?: number;
}

export interface CreateProjectDeps {
  fs: Fs;
  spawn: Spawn;
  env: Env;
}

const DEFAULT_PATH = '/usr/local/bin:/usr/bin:/bin';
const GIT_TIMEOUT_MS = 30_000;
const MAX_STDERR = 4096;
const MAX_SHOWN = 300;
/** mkdir errors that mean projects_root itself is gone or not a directory. */
const ROOT_GONE = new Set(['ENOENT', 'ENOTDIR', 'ELOOP']);

/** Checks a requested name with the rules of discovery: what it would not list is refused. */
export function checkNewProjectName(name: unknown): Result<string, 'invalid-project-name'> {
  const checked = checkProjectName(name);
  if (!checked.ok) return checked;
  if (!isProjectDirName(checked.value)) {
    return fail(
      'invalid-project-name',
      `project name ${JSON.stringify(checked.value)}: hidden and temporary names are not projects`,
    );
  }
  return checked;
}

/** Creates `projects_root/<name>` (optionally a git repository); see the invariants above. */
export async function createProject(
  name: unknown,
  options: CreateProjectOptions,
  deps: CreateProjectDeps,
): Promise<Result<Project, CreateProjectError>> {
  if (!options.enabled) {
    return fail('feature-disabled', 'creating projects is off (clone.enabled: false)');
  }
  const checked = checkNewProjectName(name);
  if (!checked.ok) return checked;
  const root = await resolveProjectsRoot(options.discovery, deps);
  if (!root.ok) return root;
  // The name is one checked segment, so the parent is the real root by construction.
  const dir = join(root.value, checked.value);
  const claimed = await claimDirectory(dir, checked.value, deps);
  if (!claimed.ok) return claimed;
  if (options.gitInit) {
    const failed = await runGitInit(dir, options.timeoutMs ?? GIT_TIMEOUT_MS, deps);
    if (failed !== null) {
      const kept = await removeIfOurs(dir, true, deps);
      return fail('git-init-failed', `${failed}${kept ? `; ${kept}` : ''}`);
    }
  }
  const project = await resolveProject(checked.value, options.discovery, deps);
  if (!project.ok) {
    // Something replaced or hid it between mkdir and now: it is not the project we made.
    const kept = await removeIfOurs(dir, options.gitInit, deps);
    const what = kept ?? `removed ${dir}`;
    return fail('create-failed', `project ${checked.value} changed while it was created; ${what}`);
  }
  return ok(project.value);
}

async function claimDirectory(
  dir: string,
  name: string,
  deps: { fs: Fs },
): Promise<Result<void, 'project-exists' | 'projects-root-unavailable' | 'create-failed'>> {
  try {
    // Same mode as a cloned project's directory: the default, narrowed by the umask.
    await deps.fs.mkdir(dir);
    return ok(undefined);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'EEXIST') {
      return fail('project-exists', `project ${name} already exists; it is never overwritten`);
    }
    if (ROOT_GONE.has(code)) {
      return fail('projects-root-unavailable', `projects_root: cannot create ${name} (${code})`);
    }
    return fail('create-failed', `cannot create ${dir} (${code})`);
  }
}

async function collect(stream: AsyncIterable<string> | undefined): Promise<string> {
  let text = '';
  if (stream === undefined) return text;
  try {
    for await (const chunk of stream) if (text.length < MAX_STDERR) text += chunk;
  } catch {
    // A stream cut by the timeout kill ends the message, nothing more.
  }
  return text.slice(0, MAX_STDERR);
}

/** Runs `git init` in `dir`; null on success, else a redacted, capped description. */
async function runGitInit(
  dir: string,
  timeoutMs: number,
  deps: CreateProjectDeps,
): Promise<string | null> {
  const command = buildGitInitCommand(dir, { path: deps.env.PATH ?? DEFAULT_PATH });
  const child = deps.spawn(command.file, command.args, {
    cwd: dir,
    env: command.env,
    stdin: 'ignore',
    stdout: 'ignore',
    stderr: 'pipe',
    timeoutMs,
  });
  const [said, result] = await Promise.all([collect(child.stderr), child.exited]);
  if (result.spawnError) return `git init: cannot start git (${result.spawnError.code})`;
  if (result.exitCode === 0) return null;
  const how = result.signal ? `signal ${result.signal}` : `code ${result.exitCode}`;
  const text = redactText(said.replace(/\s+/g, ' ').trim()).slice(0, MAX_SHOWN);
  return `git init exited with ${how}${text ? `: ${text}` : ''}`;
}

/**
 * Removes what this call made: `dir/.git` (only when git init ran), then `dir` itself with a
 * non-recursive rmdir, so anything else written into it meanwhile keeps it (and is never
 * deleted). Null when removed, else why it was kept.
 */
async function removeIfOurs(
  dir: string,
  ranGit: boolean,
  deps: { fs: Fs },
): Promise<string | null> {
  try {
    // A directory swapped for a symlink is not ours: never remove through it.
    if (!(await deps.fs.lstat(dir)).isDirectory())
      return `kept ${dir}: it is no longer a directory`;
    if (ranGit) await deps.fs.rm(join(dir, '.git'), { recursive: true, force: true });
    await deps.fs.rmdir(dir);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOTEMPTY' || code === 'EEXIST') {
      return `kept ${dir}: something else was written into it meanwhile`;
    }
    return `could not remove ${dir} (${code})`;
  }
}
