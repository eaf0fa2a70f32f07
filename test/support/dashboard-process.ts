// The real `node bin/clauster.js run` in a child process over a temp world (HOME logged in to
// the fake `claude`, a projects_root, a clauster.yml), for the restart tests. An `after` hook
// SIGKILLs every dashboard still running and the process group of every bridge recorded.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { captureOutput } from './child-output.js';
import { FAKE_CLAUDE_PATH, prepareClaudeHome } from './fake-claude.js';
import { killFakeClaudeGroups } from './fake-claude-process.js';
import { makeTempDir } from './temp.js';

const BIN = fileURLToPath(new URL('../../bin/clauster.js', import.meta.url));
const WAIT_MS = 60_000;

export interface DashboardExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface DashboardProcess {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output(): string;
  stderr(): string;
  /** Settles when the process exits; rejects (with its output) after 60 s. */
  exited(): Promise<DashboardExit>;
}

export interface DashboardSpawnOptions {
  env: Record<string, string>;
  cwd?: string;
  /** The CLI to run (default: this checkout's bin/clauster.js). */
  bin?: string;
}

export interface DashboardWorld {
  root: string;
  home: string;
  stateDir: string;
  configPath: string;
  /** PATH and HOME for the dashboard. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** A temp world: `projects` under projects_root (trusted when asked), a clauster.yml with the
 * fake claude, `knobs` as its env and `lines` at the top. */
export async function makeDashboardWorld(
  projects: readonly string[],
  options: { trusted: boolean; knobs: Record<string, string>; lines?: string[] },
): Promise<DashboardWorld> {
  const temp = await makeTempDir('clauster-dashboard-');
  const root = await fs.realpath(temp.path);
  const home = join(root, 'home');
  const projectsRoot = join(root, 'projects');
  const stateDir = join(root, 'state');
  for (const name of projects) await fs.mkdir(join(projectsRoot, name), { recursive: true });
  await fs.mkdir(home);
  const trusted = options.trusted ? projects.map((name) => join(projectsRoot, name)) : [];
  await prepareClaudeHome(home, { trusted });
  const configPath = join(root, 'clauster.yml');
  const yaml = [
    ...(options.lines ?? []),
    `projects_root: ${projectsRoot}`,
    `state_dir: ${stateDir}`,
    'claude:',
    `  binary: ${FAKE_CLAUDE_PATH}`,
    '  stop_grace_seconds: 2',
    '  env:',
    ...Object.entries(options.knobs).map(([key, value]) => `    ${key}: "${value}"`),
    '',
  ];
  await fs.writeFile(configPath, yaml.join('\n'));
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };
  return { root, home, stateDir, configPath, env, cleanup: temp.cleanup };
}

/** Registers the `after` hook; returns how to spawn dashboards and record bridge pids. */
export function useDashboardProcesses(): {
  spawn(args: string[], options: DashboardSpawnOptions): DashboardProcess;
  /** Spawns `run` and resolves with its URL once it prints `serving <url>`. */
  start(
    args: string[],
    options: DashboardSpawnOptions,
  ): Promise<DashboardProcess & { url: string }>;
  trackBridge(pid: number | null): void;
} {
  const children: ChildProcess[] = [];
  const bridgePids = new Set<number>();
  after(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    // Every bridge is its own process group (detached): kill the groups, never a reused pid.
    await killFakeClaudeGroups(bridgePids);
  });
  function spawnDashboard(args: string[], options: DashboardSpawnOptions) {
    const spawned = spawnProcess(args, options);
    children.push(spawned.dashboard.child);
    return spawned;
  }
  return {
    spawn: (args, options) => spawnDashboard(args, options).dashboard,
    start: (args, options) => waitForServing(spawnDashboard(args, options)),
    trackBridge(pid) {
      if (pid !== null) bridgePids.add(pid);
    },
  };
}

interface Spawned {
  dashboard: DashboardProcess;
  /** Settles when the process exits (no deadline). */
  exit: Promise<DashboardExit>;
}

function spawnProcess(args: string[], options: DashboardSpawnOptions): Spawned {
  const child = spawn(process.execPath, [options.bin ?? BIN, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = captureOutput(child);
  const exit = new Promise<DashboardExit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const exited = () =>
    Promise.race([
      exit,
      new Promise<never>((_resolve, fail) => {
        const stuck = setTimeout(() => fail(new Error(`still running: ${output.all()}`)), WAIT_MS);
        void exit.then(() => clearTimeout(stuck));
      }),
    ]);
  return { dashboard: { child, output: output.all, stderr: output.stderr, exited }, exit };
}

function waitForServing({ dashboard, exit }: Spawned): Promise<DashboardProcess & { url: string }> {
  return new Promise((resolve, reject) => {
    const output = dashboard.output;
    const timer = setTimeout(() => reject(new Error(`no "serving" line: ${output()}`)), WAIT_MS);
    const check = () => {
      const match = /serving (http:\/\/\S+)/.exec(output());
      if (!match?.[1]) return;
      clearTimeout(timer);
      resolve({ ...dashboard, url: match[1] });
    };
    dashboard.child.stdout?.on('data', check);
    void exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`dashboard exited (${code ?? signal}) before serving: ${output()}`));
    });
  });
}
