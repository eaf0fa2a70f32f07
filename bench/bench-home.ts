/**
 * The temp tree under every bridge bench: a HOME logged in to the fake `claude`, a
 * projects_root with N projects p000, p001, … (all trusted) and the path of a state_dir.
 */
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { prepareClaudeHome } from '../test/support/fake-claude.js';
import { makeBenchDir } from './support.js';

export interface BenchHome {
  root: string;
  home: string;
  stateDir: string;
  projectsRoot: string;
  projects: string[];
}

/** Creates the tree (the state_dir itself is left to the caller); remove `root` when done. */
export async function createBenchHome(name: string, projectCount: number): Promise<BenchHome> {
  const root = await fs.realpath(await makeBenchDir(name));
  const home = join(root, 'home');
  const projectsRoot = join(root, 'projects');
  const projects = Array.from({ length: projectCount }, (_, i) => `p${String(i).padStart(3, '0')}`);
  await fs.mkdir(home);
  for (const project of projects) await fs.mkdir(join(projectsRoot, project), { recursive: true });
  await prepareClaudeHome(home, {
    trusted: projects.map((project) => join(projectsRoot, project)),
  });
  return { root, home, stateDir: join(root, 'state'), projectsRoot, projects };
}
