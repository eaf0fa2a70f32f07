// A real `kill -9` of a dashboard: bin/clauster.js run in a child process (port 0, temp HOME,
// the fake claude), a bridge started through its API, the dashboard SIGKILLed, a new one
// started on the same state_dir → the bridge is re-adopted as running with its URL.
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

describe('dashboard kill -9 and restart', () => {
  it('startServer() re-adopts a bridge that outlived a SIGKILLed dashboard, with its URL', {
    timeout: 180_000,
  }, async () => {
    const temp = await makeTempDir('clauster-kill9-');
    try {
      const root = await fs.realpath(temp.path);
      const home = join(root, 'home');
      const projectsRoot = join(root, 'projects');
      const stateDir = join(root, 'state');
      await fs.mkdir(join(projectsRoot, 'app'), { recursive: true });
      await fs.mkdir(home);
      await prepareClaudeHome(home, { trusted: [join(projectsRoot, 'app')] });
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

      const first = await startDashboard(env, root);
      const started = await fetch(`${first.url}/api/projects/app/start`, { method: 'POST' });
      assert.equal(started.status, 201, await started.clone().text());
      const { bridge } = (await started.json()) as { bridge: { id: string; pid: number } };
      bridgePids.push(bridge.pid);
      const running = await waitFor(
        async () => {
          const body = await getJson(`${first.url}/api/bridges/${bridge.id}`);
          const b = body.bridge as { status: string; url: string | null };
          return b.status === 'running' ? b : null;
        },
        30_000,
        200,
      );

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
