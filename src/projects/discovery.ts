/**
 * Project discovery (design §4, security.md R-FS-2). Invariant: every project returned, and
 * every path `resolveProject()` hands out, is a directory whose realpath lies strictly inside
 * `realpath(projects_root)`; names are checked before they touch the filesystem.
 */
import { dirname, isAbsolute, join, sep } from 'node:path';
import { fail, ok, type Result } from '../result.js';
import type { Fs } from '../system/ports.js';
import { checkProjectName, isProjectDirName } from './names.js';

/** Per-project settings from `projects.<name>` in the config. */
export interface ProjectSettings {
  permission_mode?: string | undefined;
  spawn_mode?: string | undefined;
  allow_bypass_permissions: boolean;
  autostart: boolean;
}

export interface Project {
  name: string;
  /** The realpath of the project directory. */
  path: string;
  git: boolean;
  settings: ProjectSettings;
}

export interface DiscoveryOptions {
  /** Absolute path of `projects_root`. */
  projectsRoot: string | undefined;
  settings?: Readonly<Record<string, Partial<ProjectSettings>>>;
}

export type DiscoveryError = 'projects-root-unavailable';
export type ResolveError =
  | DiscoveryError
  | 'invalid-project-name'
  | 'unknown-project'
  | 'path-escape';

const DEFAULT_SETTINGS: ProjectSettings = { allow_bypass_permissions: false, autostart: false };

function settingsFor(name: string, options: DiscoveryOptions): ProjectSettings {
  return { ...DEFAULT_SETTINGS, ...(options.settings?.[name] ?? {}) };
}

function isInside(child: string, root: string): boolean {
  return child.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}

async function exists(path: string, deps: { fs: Fs }): Promise<boolean> {
  try {
    await deps.fs.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** Resolves `projects_root` to its realpath, or says why it cannot be used. */
export async function resolveProjectsRoot(
  options: DiscoveryOptions,
  deps: { fs: Fs },
): Promise<Result<string, DiscoveryError>> {
  const root = options.projectsRoot;
  if (root === undefined || root.length === 0) {
    return fail('projects-root-unavailable', 'projects_root: expected a directory, got no value');
  }
  if (!isAbsolute(root)) {
    return fail(
      'projects-root-unavailable',
      `projects_root: expected an absolute path, got ${JSON.stringify(root)}`,
    );
  }
  try {
    const real = await deps.fs.realpath(root);
    if (!(await deps.fs.stat(real)).isDirectory()) {
      return fail('projects-root-unavailable', `projects_root: ${root} is not a directory`);
    }
    return ok(real);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return fail('projects-root-unavailable', `projects_root: cannot open ${root} (${code})`);
  }
}

async function inspectEntry(
  realRoot: string,
  name: string,
  options: DiscoveryOptions,
  deps: { fs: Fs },
): Promise<Result<Project, 'unknown-project' | 'path-escape'>> {
  let real: string;
  try {
    real = await deps.fs.realpath(join(realRoot, name));
    if (!(await deps.fs.stat(real)).isDirectory()) {
      return fail('unknown-project', `project ${name}: not a directory under projects_root`);
    }
  } catch {
    return fail('unknown-project', `project ${name}: no such directory under projects_root`);
  }
  // Why: a symlink may point anywhere; only targets inside the root are projects.
  if (!isInside(real, realRoot)) {
    return fail('path-escape', `project ${name}: resolves outside projects_root`);
  }
  const git = await exists(join(real, '.git'), deps);
  return ok({ name, path: real, git, settings: settingsFor(name, options) });
}

/** Lists the projects: immediate child directories of projects_root with a valid name. */
export async function listProjects(
  options: DiscoveryOptions,
  deps: { fs: Fs },
): Promise<Result<Project[], DiscoveryError>> {
  const root = await resolveProjectsRoot(options, deps);
  if (!root.ok) return root;
  let names: string[];
  try {
    names = await deps.fs.readdir(root.value);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return fail('projects-root-unavailable', `projects_root: cannot list ${root.value} (${code})`);
  }
  const projects: Project[] = [];
  for (const name of names.filter(isProjectDirName).sort()) {
    const project = await inspectEntry(root.value, name, options, deps);
    if (project.ok) projects.push(project.value);
  }
  return ok(projects);
}

/** Resolves one user-supplied project name, re-checking containment at every call. */
export async function resolveProject(
  name: unknown,
  options: DiscoveryOptions,
  deps: { fs: Fs },
): Promise<Result<Project, ResolveError>> {
  const checked = checkProjectName(name);
  if (!checked.ok) return checked;
  if (!isProjectDirName(checked.value)) {
    return fail(
      'unknown-project',
      `project ${checked.value}: hidden and temporary directories are not projects`,
    );
  }
  const root = await resolveProjectsRoot(options, deps);
  if (!root.ok) return root;
  return inspectEntry(root.value, checked.value, options, deps);
}

/** The nearest directory at or above `dir` that holds `.git`, or null outside any repo. */
export async function findGitRoot(dir: string, deps: { fs: Fs }): Promise<string | null> {
  let current = dir;
  for (;;) {
    if (await exists(join(current, '.git'), deps)) return current;
    const parent = dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}
