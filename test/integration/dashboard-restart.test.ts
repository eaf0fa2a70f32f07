// A real `kill -9` of a dashboard: bin/clauster.js run in a child process (port 0, temp HOME,
// the fake claude), a bridge started through its API, the dashboard SIGKILLed, a new one
// started on the same state_dir → the bridge is re-adopted as running with its URL. And a
// SIGTERM with live bridges: the dashboard exits at once, the bridges keep writing their logs.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { nodeProcesses } from '../../src/system/node.js';
import { FAKE_CLAUDE_PATH, prepareClaudeHome, waitFor } from '../support/fake-claude.js';
import { makeTempDir } from '../support/temp.js';

const BIN = fileURLToPath(new URL('../../bin/clauster.js', import.meta.url));
const dashboards: ChildProcess[] = [];
const bridgePids: number[] = [];

after(async () => {
  for (const child of dashboards)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const pid of bridgePids) {
    const identity = await nodeProcesses.identity(pid);
    if (identity?.cmdline.includes(FAKE_CLAUDE_PATH)) nodeProcesses.signal(pid, 'SIGKILL', true);
  }
});

interface Dashboard {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
  output(): string;
}

function startDashboard(env: Record<string, string>, cwd: string): Promise<Dashboard> {
  const child = spawn(process.execPath, [BIN, 'run'], {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  dashboards.push(child);
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dashboard did not start: ${output}`)), 60_000);
    const check = () => {
      const match = /serving (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1], exited, output: () => output });
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`dashboard exited with ${code}: ${output}`));
    });
  });
}

async function getJson(url: string): Promise<Record<string, unknown>> {
  const response = await fetch(url);
  return (await response.json()) as Record<string, unknown>;
}

/** A temp world: HOME with a logged-in fake claude, trusted projects, a clauster.yml. */
async function makeWorld(root: string, projects: string[]) {
  const home = join(root, 'home');
  const projectsRoot = join(root, 'projects');
  const stateDir = join(root, 'state');
  for (const name of projects) await fs.mkdir(join(projectsRoot, name), { recursive: true });
  await fs.mkdir(home);
  await prepareClaudeHome(home, { trusted: projects.map((name) => join(projectsRoot, name)) });
  const configPath = join(root, 'clauster.yml');
  await fs.writeFile(
    configPath,
    [
      'port: 0',
      `projects_root: ${projectsRoot}`,
      `state_dir: ${stateDir}`,
      'claude:',
      `  binary: ${FAKE_CLAUDE_PATH}`,
      '  stop_grace_seconds: 2',
      '  env:',
      '    FAKE_CLAUDE_REGISTER_DELAY_MS: "100"',
      '',
    ].join('\n'),
  );
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    CLAUSTER_CONFIG: configPath,
  };
  return { stateDir, env };
}

async function startRunningBridge(baseUrl: string, project: string) {
  const started = await fetch(`${baseUrl}/api/projects/${project}/start`, { method: 'POST' });
  assert.equal(started.status, 201, await started.clone().text());
  const { bridge } = (await started.json()) as { bridge: { id: string; pid: number } };
  bridgePids.push(bridge.pid);
  return waitFor(
    async () => {
      const body = await getJson(`${baseUrl}/api/bridges/${bridge.id}`);
      const b = body.bridge as { id: string; pid: number; status: string; url: string | null };
      return b.status === 'running' ? b : null;
    },
    30_000,
    200,
  );
}

describe('dashboard kill -9 and restart', () => {
  it('startServer() re-adopts a bridge that outlived a SIGKILLed dashboard, with its URL', {
    timeout: 180_000,
  }, async () => {
    const temp = await makeTempDir('clauster-kill9-');
    try {
      const root = await fs.realpath(temp.path);
      const { env } = await makeWorld(root, ['app']);

      const first = await startDashboard(env, root);
      const running = await startRunningBridge(first.url, 'app');
      const bridge = { id: running.id, pid: running.pid };

      first.child.kill('SIGKILL');
      await first.exited;
      assert.ok(await nodeProcesses.identity(bridge.pid), 'the bridge outlives its dashboard');

      const second = await startDashboard(env, root);
      const adopted = (await getJson(`${second.url}/api/bridges/${bridge.id}`)).bridge as Record<
        string,
        unknown
      >;
      assert.equal(adopted.status, 'running');
      assert.equal(adopted.url, running.url);
      assert.equal(adopted.pid, bridge.pid);

      const third = spawn(process.execPath, [BIN, 'run'], {
        cwd: root,
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      dashboards.push(third);
      let thirdErr = '';
      third.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        thirdErr += chunk;
      });
      const thirdCode = await new Promise<number | null>((resolve) =>
        third.on('exit', (code) => resolve(code)),
      );
      assert.equal(thirdCode, 2, 'a second dashboard on the same state_dir is refused');
      assert.match(thirdErr, new RegExp(`pid ${second.child.pid}`));

      const stopped = await fetch(`${second.url}/api/bridges/${bridge.id}/stop`, {
        method: 'POST',
      });
      assert.equal(
        ((await stopped.json()) as { bridge: { status: string } }).bridge.status,
        'stopped',
      );
      assert.equal(await nodeProcesses.identity(bridge.pid), null);
      second.child.kill('SIGTERM');
      assert.equal(await second.exited, 0);
    } finally {
      await temp.cleanup();
    }
  });
});

describe('dashboard SIGTERM with live bridges', () => {
  it('clauster run exits within seconds of SIGTERM; its bridges live on and keep writing stdout.log', {
    timeout: 180_000,
  }, async () => {
    const temp = await makeTempDir('clauster-sigterm-');
    try {
      const root = await fs.realpath(temp.path);
      const { stateDir, env } = await makeWorld(root, ['one', 'two']);
      const dashboard = await startDashboard(env, root);
      const bridges = await Promise.all(
        ['one', 'two'].map((project) => startRunningBridge(dashboard.url, project)),
      );
      for (const bridge of bridges) {
        const dir = join(stateDir, 'logs', bridge.id);
        // Not a pipe or socket into the dashboard: the bridge holds the files itself.
        assert.equal(await fs.readlink(`/proc/${bridge.pid}/fd/1`), join(dir, 'stdout.log'));
        assert.equal(await fs.readlink(`/proc/${bridge.pid}/fd/2`), join(dir, 'stderr.log'));
      }

      const signalled = Date.now();
      dashboard.child.kill('SIGTERM');
      const code = await Promise.race([
        dashboard.exited,
        new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 10_000)),
      ]);
      assert.equal(code, 0, `exit within 10 s of SIGTERM: ${dashboard.output().slice(-500)}`);
      const seconds = (Date.now() - signalled) / 1000;
      for (const bridge of bridges)
        assert.ok(await nodeProcesses.identity(bridge.pid), `bridge ${bridge.id} lives on`);

      // Output written after the dashboard is gone: the shutdown lines of a SIGINT.
      for (const bridge of bridges) process.kill(bridge.pid, 'SIGINT');
      for (const bridge of bridges) {
        await waitFor(async () => (await nodeProcesses.identity(bridge.pid)) === null, 30_000, 50);
        const stdout = await fs.readFile(join(stateDir, 'logs', bridge.id, 'stdout.log'), 'utf8');
        assert.match(stdout, /Environment preserved/, `bridge ${bridge.id} after ${seconds} s`);
      }
    } finally {
      await temp.cleanup();
    }
  });
});
