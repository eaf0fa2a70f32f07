/**
 * Clone job runner (design §6, security.md R-SSRF-4). Invariant: git runs only after the
 * target was checked (the caller passes the checked addresses), in its own process group,
 * into a hidden `projects_root/.<name>.<rand>.clone-tmp/` work directory; the repository is
 * renamed into `projects_root/<name>` only when git succeeded within the time and size
 * limits and nothing exists there yet. On any failure, timeout, size overrun or cancel the
 * whole process group is killed and the work directory removed: no half project remains.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fail, ok, type Result } from '../result.js';
import type { CloneScheme, ParsedCloneUrl } from '../security/clone-url.js';
import type { ChildHandle, Clock, Env, Fs, Processes, Spawn } from '../system/ports.js';
import { buildGitCloneCommand, readGitPath } from './clone-git.js';
import { type CloneProgress, createProgressReader } from './clone-progress.js';
import { measureDirSize } from './dir-size.js';

export type CloneFailure =
  | 'project-exists'
  | 'timeout'
  | 'too-large'
  | 'size-unknown'
  | 'cancelled'
  | 'git-failed'
  | 'spawn-failed';

export interface ClonePlan {
  /** Real path of projects_root. */
  projectsRoot: string;
  /** A name that already passed checkProjectName(). */
  name: string;
  parsed: ParsedCloneUrl;
  /** The addresses the target check allowed; https is pinned to them. */
  addresses: readonly string[];
  allowedSchemes: readonly CloneScheme[];
  depth?: number;
  timeoutMs: number;
  /** Size cap of the work directory in bytes; 0 means unlimited. */
  maxBytes: number;
  signal?: AbortSignal;
  onProgress?: (progress: CloneProgress) => void;
  /** Extra CA bundle for https (tests only; never read from the config). */
  caFile?: string;
  /** How often the size is measured while git runs (default 500 ms). */
  pollMs?: number;
}

export interface CloneDeps {
  spawn: Spawn;
  fs: Fs;
  processes: Processes;
  clock: Clock;
  env: Env;
}

export class CloneCleanupError extends Error {
  readonly code = 'clone-cleanup-failed' as const;
  constructor(path: string, cause: unknown) {
    super(`could not remove the clone work directory ${path}`, { cause });
    this.name = 'CloneCleanupError';
  }
}

type Stop = { code: CloneFailure; detail: string };

const MB = 1024 * 1024;

async function pathExists(path: string, deps: { fs: Fs }): Promise<boolean> {
  try {
    await deps.fs.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** Resolves after `ms`, or as soon as `until` settles; never leaves a timer behind. */
function pause(ms: number, until: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    until.then(done, done);
  });
}

function killGroup(child: ChildHandle, deps: { processes: Processes }): void {
  // git runs helpers (remote-https, index-pack, ssh): kill the whole group, not just git.
  const group = child.pid !== undefined && deps.processes.signal(child.pid, 'SIGKILL', true);
  if (!group) child.kill('SIGKILL');
}

async function watchSize(
  work: string,
  plan: ClonePlan,
  exited: Promise<unknown>,
  stop: (reason: Stop) => void,
  deps: CloneDeps,
): Promise<void> {
  const every = plan.pollMs ?? 500;
  let settled = false;
  const settle = (): void => {
    settled = true;
  };
  exited.then(settle, settle);
  let wait = every;
  while (!settled) {
    await pause(wait, exited);
    if (settled) return;
    const started = deps.clock.now();
    let size: number;
    try {
      size = await measureDirSize(work, { limit: plan.maxBytes }, deps);
    } catch (error) {
      // Fail closed: a cap that cannot be measured cannot be enforced.
      const code = (error as { code?: unknown }).code;
      stop({ code: 'size-unknown', detail: `cannot measure the clone size (${String(code)})` });
      return;
    }
    if (size > plan.maxBytes) {
      stop({ code: 'too-large', detail: exceededDetail(plan.maxBytes, 'while cloning') });
      return;
    }
    // Back off on huge trees so measuring never dominates the clone itself.
    wait = Math.max(every, 2 * (deps.clock.now() - started));
  }
}

function exceededDetail(maxBytes: number, when: string): string {
  return `the clone grew past clone.max_mb (${Math.round(maxBytes / MB)} MB) ${when}`;
}

async function drain(stream: AsyncIterable<string> | undefined, push: (s: string) => void) {
  if (stream === undefined) return;
  try {
    for await (const chunk of stream) push(chunk);
  } catch {
    // A stream torn down by the kill ends the progress, nothing more.
  }
}

async function runGit(plan: ClonePlan, work: string, deps: CloneDeps): Promise<Stop | null> {
  const command = buildGitCloneCommand(plan.parsed, plan.addresses, {
    dest: join(work, 'repo'),
    home: join(work, 'home'),
    path: readGitPath(deps.env),
    allowedSchemes: plan.allowedSchemes,
    ...(plan.depth === undefined ? {} : { depth: plan.depth }),
    ...(plan.caFile === undefined ? {} : { caFile: plan.caFile }),
  });
  const child = deps.spawn(command.file, command.args, {
    cwd: work,
    env: command.env,
    detached: true,
    stdin: 'ignore',
    stdout: 'ignore',
    stderr: 'pipe',
  });
  let stopped: Stop | null = null;
  const stop = (reason: Stop): void => {
    if (stopped !== null) return;
    stopped = reason;
    killGroup(child, deps);
  };
  const seconds = Math.round(plan.timeoutMs / 100) / 10;
  const timer = setTimeout(
    () =>
      stop({ code: 'timeout', detail: `git ran longer than ${seconds} s (clone.timeout_seconds)` }),
    plan.timeoutMs,
  );
  const onAbort = (): void => stop({ code: 'cancelled', detail: 'the clone was cancelled' });
  plan.signal?.addEventListener('abort', onAbort, { once: true });
  const reader = createProgressReader((progress) => plan.onProgress?.(progress));
  const reading = drain(child.stderr, (chunk) => reader.push(chunk));
  const watching = plan.maxBytes > 0 ? watchSize(work, plan, child.exited, stop, deps) : null;
  const result = await child.exited;
  clearTimeout(timer);
  plan.signal?.removeEventListener('abort', onAbort);
  // Stragglers (a persisted ssh, a helper) must not outlive git or write after cleanup.
  killGroup(child, deps);
  await Promise.all([reading, watching]);
  reader.flush();
  if (stopped !== null) return stopped;
  if (result.spawnError) {
    return { code: 'spawn-failed', detail: `cannot start git (${result.spawnError.code})` };
  }
  if (result.exitCode !== 0) {
    const how = result.signal ? `signal ${result.signal}` : `code ${result.exitCode}`;
    const said = reader.messages().join(' | ');
    return { code: 'git-failed', detail: `git exited with ${how}${said ? `: ${said}` : ''}` };
  }
  return null;
}

async function removeWork(work: string, deps: { fs: Fs }): Promise<void> {
  try {
    await deps.fs.rm(work, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  } catch (error) {
    throw new CloneCleanupError(work, error);
  }
}

/** Clones into a hidden work directory and renames it into place; see the invariant above. */
export async function runClone(
  plan: ClonePlan,
  deps: CloneDeps,
): Promise<Result<{ path: string }, CloneFailure>> {
  const dest = join(plan.projectsRoot, plan.name);
  if (await pathExists(dest, deps)) {
    return fail('project-exists', `project ${plan.name} already exists; it is never overwritten`);
  }
  if (plan.signal?.aborted) return fail('cancelled', 'the clone was cancelled');
  const work = join(plan.projectsRoot, `.${plan.name}.${randomBytes(6).toString('hex')}.clone-tmp`);
  await deps.fs.mkdir(work, { mode: 0o700 });
  try {
    await deps.fs.mkdir(join(work, 'home'), { mode: 0o700 });
    const stopped = await runGit(plan, work, deps);
    if (stopped !== null) return fail(stopped.code, stopped.detail);
    if (plan.maxBytes > 0) {
      const size = await measureDirSize(work, { limit: plan.maxBytes }, deps);
      if (size > plan.maxBytes)
        return fail('too-large', exceededDetail(plan.maxBytes, 'by the end'));
    }
    // Claim the name with an exclusive mkdir, then rename over our own empty directory: a
    // project created meanwhile (even an empty directory) is never replaced.
    try {
      await deps.fs.mkdir(dest);
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
      return fail('project-exists', `project ${plan.name} appeared while cloning; kept it`);
    }
    await deps.fs.rename(join(work, 'repo'), dest);
    return ok({ path: dest });
  } finally {
    await removeWork(work, deps);
  }
}
