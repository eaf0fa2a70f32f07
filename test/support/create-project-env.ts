// The shared setup of the createProject() tests: each test's own temp HOME (projects_root is
// `<home>/code`), node deps with a chosen PATH, the options, and a `git` that fails.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createNodeDeps } from '../../src/system/node.js';
import { useTempDir } from './temp.js';

/** createProject()'s options; gitInit off and the feature on unless `extra` says otherwise. */
export function createOptions(
  root: string | undefined,
  extra: { gitInit?: boolean; enabled?: boolean } = {},
) {
  return {
    enabled: extra.enabled ?? true,
    gitInit: extra.gitInit ?? false,
    discovery: { projectsRoot: root },
  };
}

/** Call at the top level of a test file (it registers the temp dir's hooks). */
export function useCreateProjectEnv() {
  const temp = useTempDir('clauster-create-');

  function deps(path = process.env.PATH ?? '') {
    return createNodeDeps({ PATH: path, HOME: temp.path });
  }

  /** Makes and returns `<home>/code`. */
  async function makeRoot(): Promise<string> {
    const root = join(temp.path, 'code');
    await mkdir(root);
    return root;
  }

  /**
   * A `git` on a PATH of its own (the returned bin directory) that makes .git, runs the shell
   * lines `also` (with `$dir` the project), prints `said` and exits 1.
   */
  async function fakeFailingGit(options: { said?: string; also?: string } = {}): Promise<string> {
    const bin = join(temp.path, 'bin');
    await mkdir(bin);
    // The directory is the last argument.
    const dir = 'for dir; do :; done';
    const said = options.said ?? 'fatal: nope';
    const script = `#!/bin/sh\n${dir}\n/bin/mkdir "$dir/.git"\n${options.also ?? ''}echo '${said}' >&2\nexit 1\n`;
    await writeFile(join(bin, 'git'), script);
    await chmod(join(bin, 'git'), 0o755);
    return bin;
  }

  return { temp, deps, makeRoot, fakeFailingGit };
}
