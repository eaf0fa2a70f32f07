// A real clauster for browser tests: startServer() on 127.0.0.1 port 0 with a temp HOME,
// password auth, a projects_root holding two projects, the fake `claude`, and a clone
// service pointed at a loopback git smart-HTTPS server (only the address verdict and the CA
// are injected; loopback can never be allowed by config). The reaper page is off unless
// `options.reaper` turns it on (browser/reaper.test.ts points it at a loopback fake API).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import argon2 from 'argon2';
import { configSchema } from '../../src/config/schema.js';
import type { CheckAddresses } from '../../src/projects/clone-check.js';
import { createCloneService } from '../../src/projects/clone-jobs.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { createSilentLogger } from '../../src/system/logger.js';
import { createNodeDeps } from '../../src/system/node.js';
import { FAKE_CLAUDE_PATH, prepareClaudeHome } from './fake-claude.js';
import { killFakeClaudeGroups } from './fake-claude-process.js';
import { GIT_TEST_HOST, type GitHttpsServer } from './git-https-server.js';
import { serveBareRepos } from './git-repo-server.js';
import { makeTempDir } from './temp.js';
import { ensureWebBuild } from './web-build.js';

/** The operator password of every dashboard fixture (a fake, obviously). */
export const DASHBOARD_PASSWORD = `fake-password-${'FAKE'.repeat(4)}`;
/** Projects created under projects_root. */
export const PROJECTS = ['demo-app', 'notes'] as const;

export interface DashboardFixture {
  url: string;
  home: string;
  stateDir: string;
  projectsRoot: string;
  server: RunningServer;
  /** https URL of a bare repository on the loopback git server. */
  repoUrl(name: string): string;
  close(): Promise<void>;
}

export interface DashboardOptions {
  /** The `reaper` config section (the schema default, off, when absent). */
  reaper?: { ui_enabled: boolean; api_base_url: string };
  /** Write the fake `claude` login into the temp HOME (default true). */
  claudeLoggedIn?: boolean;
  /** The config's `instance_name` (none by default). */
  instanceName?: string;
  /** The config's `notifications` section (the schema defaults when absent). */
  notifications?: Record<string, boolean>;
  /** `claude.env` for the bridges, e.g. a FAKE_CLAUDE_CRASH mode (none by default). */
  claudeEnv?: Record<string, string>;
  /** The config's `projects` section, e.g. `{ 'demo-app': { autostart: true } }` (none by default). */
  projects?: Record<string, Record<string, unknown>>;
}

const pinToLoopback: CheckAddresses = async (parsed) =>
  parsed.host === GIT_TEST_HOST
    ? { ok: true, addresses: ['127.0.0.1'] }
    : { ok: false, rule: 'unresolvable', detail: `${parsed.host} is not the test host` };

let hashCache: Promise<string> | null = null;

/** Starts the git server, then clauster; `close()` stops both and removes the temp HOME. */
export async function startDashboard(options: DashboardOptions = {}): Promise<DashboardFixture> {
  await ensureWebBuild();
  const temp = await makeTempDir('clauster-ui-');
  const home = temp.path;
  const projectsRoot = join(home, 'code');
  for (const name of PROJECTS) {
    await mkdir(join(projectsRoot, name), { recursive: true });
    await writeFile(join(projectsRoot, name, 'README.md'), `# ${name}\n`);
  }
  await prepareClaudeHome(home, { loggedIn: options.claudeLoggedIn ?? true });
  const git = await startGit(home);
  hashCache ??= argon2.hash(DASHBOARD_PASSWORD, {
    type: argon2.argon2id,
    memoryCost: 19_456,
    timeCost: 2,
    parallelism: 1,
  });
  const config = configSchema.parse({
    host: '127.0.0.1',
    port: 0,
    state_dir: join(home, '.clauster'),
    projects_root: projectsRoot,
    auth: { enabled: true, password_required: true, password_hash: await hashCache },
    claude: {
      binary: FAKE_CLAUDE_PATH,
      startup_grace_seconds: 30,
      stop_grace_seconds: 5,
      env: options.claudeEnv ?? {},
    },
    clone: { allowed_schemes: ['https'], allowed_ports: [git.port], timeout_seconds: 120 },
    ...(options.reaper ? { reaper: options.reaper } : {}),
    ...(options.instanceName ? { instance_name: options.instanceName } : {}),
    ...(options.notifications ? { notifications: options.notifications } : {}),
    ...(options.projects ? { projects: options.projects } : {}),
  });
  const deps = createNodeDeps({ HOME: home, PATH: process.env.PATH ?? '' });
  let server: RunningServer;
  try {
    server = await startServer(config, deps, { logger: createSilentLogger() });
  } catch (error) {
    await git.close();
    await temp.cleanup();
    throw error;
  }
  // The clone service startServer built would resolve git.test for real; swap in one that
  // pins it to the loopback server and trusts its self-signed certificate.
  await server.context.clone?.shutdown();
  server.context.clone = createCloneService(
    {
      projectsRoot,
      clone: config.clone,
      publish: (event) => server.context.bus.publish(event),
      checkAddresses: pinToLoopback,
      caFile: git.caFile,
    },
    deps,
  );
  return {
    url: server.url,
    home,
    stateDir: config.state_dir,
    projectsRoot,
    server,
    repoUrl: (name) => `https://${GIT_TEST_HOST}:${git.port}/${name}.git`,
    async close() {
      // The dashboard never signals bridges on close (by design), so the test must: kill every
      // bridge process group it started, or they outlive the run.
      const bridges = server.context.supervisor?.list() ?? [];
      await killFakeClaudeGroups(bridges.flatMap((bridge) => (bridge.pid ? [bridge.pid] : [])));
      await server.close();
      await git.close();
      await temp.cleanup();
    },
  };
}

function startGit(home: string): Promise<GitHttpsServer> {
  // 3 MiB of incompressible content sent in slow chunks, so progress frames reach the page.
  return serveBareRepos(join(home, 'git'), [{ name: 'widgets', randomMb: 3 }], {
    throttle: { prefix: '/widgets.git/', chunkBytes: 64 * 1024, delayMs: 40 },
  });
}
