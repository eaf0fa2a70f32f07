// Bare repositories served by the loopback git smart-HTTPS server (git-https-server.ts), laid
// out in one directory: srv/ (the repositories), scratch/ (their work trees), cert/ (TLS).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before } from 'node:test';
import {
  createBareRepo,
  type GitHttpsServer,
  type ServeOptions,
  startGitHttpsServer,
} from './git-https-server.js';
import { makeTempDir } from './temp.js';

export interface BareRepo {
  name: string;
  /** Incompressible megabytes to add (for slow, progress-reporting clones). */
  randomMb?: number;
}

export type RepoServerOptions = Omit<ServeOptions, 'projectRoot' | 'certDir'>;

/** Creates `repos` under `dir`/srv and serves them; close() the server when done. */
export async function serveBareRepos(
  dir: string,
  repos: readonly BareRepo[],
  options: RepoServerOptions = {},
): Promise<GitHttpsServer> {
  const projectRoot = join(dir, 'srv');
  await mkdir(projectRoot, { recursive: true });
  for (const repo of repos)
    await createBareRepo(projectRoot, repo.name, { scratch: join(dir, 'scratch'), ...repo });
  return startGitHttpsServer({ projectRoot, certDir: join(dir, 'cert'), ...options });
}

/** serveBareRepos() in a temp dir for the tests of the enclosing suite (before → after). At the
 * top level of a file no other `before` may rely on it: Node 20 runs those without waiting. */
export function useBareRepoServer(
  prefix: string,
  repos: readonly BareRepo[],
  options: RepoServerOptions = {},
): { readonly server: GitHttpsServer } {
  let temp: { path: string; cleanup(): Promise<void> } | null = null;
  let server: GitHttpsServer | null = null;
  before(async () => {
    temp = await makeTempDir(prefix);
    server = await serveBareRepos(temp.path, repos, options);
  });
  after(async () => {
    await server?.close();
    await temp?.cleanup();
  });
  return {
    get server(): GitHttpsServer {
      if (server === null) throw new Error('useBareRepoServer(): read `server` inside a test');
      return server;
    },
  };
}
