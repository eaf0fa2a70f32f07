// Restart keeps bridges: the real `node bin/clauster.js run` in a child process (temp HOME,
// a free port, the fake claude with fast knobs), 3 projects trusted and started through the
// API, the dashboard stopped with SIGTERM (then, in a second world, SIGKILL) and started
// again: all 3 bridges are re-adopted `running` with the same pid and URL, and their logs
// stream over /ws/logs/{id} (a newly appended line reaches a real `ws` client).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { nodeProcesses } from '../../src/system/node.js';
import { FAKE_CLAUDE_PATH, prepareClaudeHome, waitFor } from '../support/fake-claude.js';
import { FAST_KNOBS } from '../support/fake-claude-sandbox.js';
import { makeTempDir } from '../support/temp.js';

const BIN = fileURLToPath(new URL('../../bin/clauster.js', import.meta.url));
const PROJECTS = ['alpha', 'beta', 'gamma'] as const;
const WAIT_MS = 60_000;
const dashboards: ChildProcess[] = [];
const bridgePids = new Set<number>();

after(async () => {
  for (const child of dashboards)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  // Every bridge is its own process group (detached): kill the groups, never a reused pid.
  for (const pid of bridgePids) {
    const identity = await nodeProcesses.identity(pid);
    if (identity?.cmdline.includes(FAKE_CLAUDE_PATH)) nodeProcesses.signal(pid, 'SIGKILL', true);
  }
});

interface BridgeView {
  id: string;
  project: string;
  status: string;
  url: string | null;
  pid: number | null;
}

interface Dashboard {
  child: ChildProcess;
  url: string;
  /** Settles when the process exits; rejects (with its output) after WAIT_MS. */
  exited(): Promise<{ code: number | null; signal: string | null }>;
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

function startDashboard(configPath: string, env: Record<string, string>): Promise<Dashboard> {
  const child = spawn(process.execPath, [BIN, 'run', '--config', configPath], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  dashboards.push(child);
  let output = '';
  const collect = (chunk: string): void => {
    output += chunk;
  };
  child.stdout?.setEncoding('utf8').on('data', collect);
  child.stderr?.setEncoding('utf8').on('data', collect);
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "serving" line: ${output}`)), WAIT_MS);
    child.stdout?.on('data', () => {
      const match = /serving (http:\/\/\S+)/.exec(output);
      if (!match?.[1]) return;
      clearTimeout(timer);
      const waitExit = () =>
        Promise.race([
          exited,
          new Promise<never>((_resolve, fail) => {
            const stuck = setTimeout(() => fail(new Error(`still running: ${output}`)), WAIT_MS);
            void exited.then(() => clearTimeout(stuck));
          }),
        ]);
      resolve({ child, url: match[1], exited: waitExit });
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`dashboard exited (${code ?? signal}) before serving: ${output}`));
    });
  });
}

async function callApi(base: string, path: string, method = 'GET'): Promise<Response> {
  // POSTs pass the origin gate like the dashboard's own page: Origin = the loopback origin.
  const headers: Record<string, string> = method === 'GET' ? {} : { origin: new URL(base).origin };
  return fetch(`${base}${path}`, { method, headers });
}

async function listBridges(base: string): Promise<BridgeView[]> {
  const response = await callApi(base, '/api/bridges');
  assert.equal(response.status, 200);
  return ((await response.json()) as { bridges: BridgeView[] }).bridges;
}

/** Opens /ws/logs/{id}?tail=0 and resolves with the first line that `accept` takes. */
function awaitLogLine(
  base: string,
  id: string,
  accept: (line: string) => boolean,
): { line: Promise<string>; close(): void } {
  const url = `${base.replace(/^http/, 'ws')}/ws/logs/${id}?tail=0`;
  const ws = new WebSocket(url, { headers: { origin: new URL(base).origin } });
  const line = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no streamed line for ${id}`)), WAIT_MS);
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; lines?: string[] };
      const hit = message.type === 'lines' ? message.lines?.find(accept) : undefined;
      if (hit === undefined) return;
      clearTimeout(timer);
      resolve(hit);
    });
    ws.once('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      reject(new Error(`/ws/logs/${id} refused with ${response.statusCode}`));
    });
    ws.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  return { line, close: () => ws.terminate() };
}

async function makeWorld(): Promise<{
  root: string;
  configPath: string;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}> {
  const temp = await makeTempDir('clauster-restart-');
  const root = await fs.realpath(temp.path);
  const home = join(root, 'home');
  const projectsRoot = join(root, 'projects');
  for (const name of PROJECTS) await fs.mkdir(join(projectsRoot, name), { recursive: true });
  await fs.mkdir(home);
  await prepareClaudeHome(home); // logged in, consent given, nothing trusted yet
  const knobs = { ...FAST_KNOBS, FAKE_CLAUDE_POLL_MS: '20' }; // a poll line every 2 s
  const configPath = join(root, 'clauster.yml');
  await fs.writeFile(
    configPath,
    [
      'host: 127.0.0.1',
      `port: ${await findFreePort()}`,
      `projects_root: ${projectsRoot}`,
      `state_dir: ${join(root, 'state')}`,
      'claude:',
      `  binary: ${FAKE_CLAUDE_PATH}`,
      '  stop_grace_seconds: 2',
      '  env:',
      ...Object.entries(knobs).map(([key, value]) => `    ${key}: "${value}"`),
      '',
    ].join('\n'),
  );
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };
  return { root, configPath, env, cleanup: temp.cleanup };
}

async function startThreeBridges(base: string): Promise<BridgeView[]> {
  for (const name of PROJECTS) {
    const trusted = await callApi(base, `/api/projects/${name}/trust`, 'POST');
    assert.equal(trusted.status, 200, await trusted.clone().text());
    const started = await callApi(base, `/api/projects/${name}/start`, 'POST');
    assert.equal(started.status, 201, await started.clone().text());
    const { bridge } = (await started.json()) as { bridge: BridgeView };
    if (bridge.pid !== null) bridgePids.add(bridge.pid);
  }
  return waitFor(
    async () => {
      const bridges = await listBridges(base);
      const ready = bridges.length === 3 && bridges.every((b) => b.status === 'running' && b.url);
      return ready ? bridges : null;
    },
    WAIT_MS,
    200,
  );
}

async function assertStreaming(base: string, stateDir: string, bridge: BridgeView): Promise<void> {
  // The bridge's own next poll line, and a marker appended to its debug log right now.
  const marker = `restart-marker-${bridge.id}-${Date.now()}`;
  const polled = awaitLogLine(base, bridge.id, (line) => /consecutive empty polls/.test(line));
  const appended = awaitLogLine(base, bridge.id, (line) => line.includes(marker));
  const debugLog = join(stateDir, 'logs', bridge.id, 'debug.log');
  // Keep appending until it arrives: the tailer may open its offset just after a first write.
  const writer = setInterval(() => void fs.appendFile(debugLog, `${marker}\n`), 300);
  try {
    assert.match(await appended.line, new RegExp(marker));
    assert.match(await polled.line, /GET \.\.\.\/work\/poll -> 200/);
  } finally {
    clearInterval(writer);
    polled.close();
    appended.close();
  }
}

async function assertStateVersioned(stateDir: string): Promise<void> {
  for (const name of await fs.readdir(stateDir)) {
    if (!name.endsWith('.json') && name !== 'session.epoch') continue;
    const doc = JSON.parse(await fs.readFile(join(stateDir, name), 'utf8')) as Record<
      string,
      unknown
    >;
    assert.equal(doc.schema_version, 1, `${name} carries schema_version 1`);
  }
}

describe('restart keeps bridges', () => {
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`bin/clauster.js run re-adopts 3 running bridges after ${signal}, URLs and log streams intact`, {
      timeout: 300_000,
    }, async () => {
      const world = await makeWorld();
      try {
        const stateDir = join(world.root, 'state');
        const first = await startDashboard(world.configPath, world.env);
        const before = await startThreeBridges(first.url);

        first.child.kill(signal);
        const exit = await first.exited();
        if (signal === 'SIGTERM') assert.equal(exit.code, 0, 'a SIGTERM stop is clean');
        else assert.equal(exit.signal, 'SIGKILL');
        for (const bridge of before) {
          assert.ok(
            bridge.pid !== null && (await nodeProcesses.identity(bridge.pid)),
            `${bridge.project} outlives the dashboard`,
          );
        }

        const second = await startDashboard(world.configPath, world.env);
        assert.equal(second.url, first.url, 'same configured port');
        // A SIGKILL can land between the status event and its bridges.json write, so a bridge
        // may come back as `starting` and must then reach `running` from its own logs.
        const adopted = await waitFor(
          async () => {
            const bridges = await listBridges(second.url);
            return bridges.every((b) => b.status === 'running') ? bridges : null;
          },
          20_000,
          200,
        ).catch(async () => listBridges(second.url));
        const byId = new Map(adopted.map((b) => [b.id, b]));
        for (const bridge of before) {
          const again = byId.get(bridge.id);
          assert.equal(again?.status, 'running', `${bridge.project} re-adopted as running`);
          assert.equal(again?.pid, bridge.pid);
          assert.equal(again?.url, bridge.url);
        }
        for (const bridge of before) await assertStreaming(second.url, stateDir, bridge);
        await assertStateVersioned(stateDir);

        second.child.kill('SIGTERM');
        assert.equal((await second.exited()).code, 0);
      } finally {
        await world.cleanup();
      }
    });
  }
});
