// The close path of POST /api/restart on a real server (127.0.0.1:0, temp HOME, the fake claude)
// when things go wrong: a client that pipelines requests and never reads cannot hold the exit
// (its connection is cut after the grace and the close still finishes), a throwing service stop
// still closes the listeners and releases the lock, the close begins only after the 202
// was written and the audit entry before it, and a 202 that never goes out (pipelined behind
// a response the client does not read) still restarts after the begin fallback.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configSchema } from '../../src/config/schema.js';
import { type RunningServer, type StartOptions, startServer } from '../../src/server.js';
import { createNodeDeps } from '../../src/system/node.js';
import { createCapturingLogger } from '../support/auth-app.js';
import { type DashboardWorld, makeDashboardWorld } from '../support/dashboard-process.js';
import { FAKE_CLAUDE_PATH } from '../support/fake-claude.js';

const DEADLINE_MS = 5_000;
const NOTES = `${'notes for the stuck client, never read back '.repeat(2)}\n`.repeat(2_800);

async function withWorld(test: (world: DashboardWorld) => Promise<void>): Promise<void> {
  const world = await makeDashboardWorld(['app'], { trusted: false, knobs: {} });
  try {
    await test(world);
  } finally {
    await world.cleanup();
  }
}

function start(world: DashboardWorld, options: Omit<StartOptions, 'logger'> = {}) {
  const config = configSchema.parse({
    port: 0,
    state_dir: world.stateDir,
    projects_root: join(world.root, 'projects'),
    claude: { binary: FAKE_CLAUDE_PATH },
  });
  const deps = createNodeDeps({ HOME: world.home, PATH: process.env.PATH ?? '/usr/bin:/bin' });
  const logger = createCapturingLogger();
  return startServer(config, deps, { logger, ...options }).then((server) => ({ server, logger }));
}

/** A server whose restart exit is recorded; `exited` settles with the exit code. */
async function startRestartable(world: DashboardWorld, beginFallbackMs?: number) {
  let exitCalled: (code: number) => void = () => {};
  const exited = new Promise<number>((resolve) => (exitCalled = resolve));
  const restart = { exit: (code: number) => exitCalled(code), deadlineMs: DEADLINE_MS };
  const started = await start(world, {
    closeGraceMs: 200,
    restart: beginFallbackMs === undefined ? restart : { ...restart, beginFallbackMs },
  });
  return { ...started, exited };
}

function postRestart(server: RunningServer): Promise<Response> {
  return fetch(`${server.url}/api/restart`, { method: 'POST', headers: { origin: server.url } });
}

/** The lock was released: a second server takes the same state_dir, then closes. */
async function assertLockReleased(world: DashboardWorld): Promise<void> {
  const { server } = await start(world);
  await server.close();
}

/**
 * A client that stalls mid-pipeline: reads of a 250 kB CLAUDE.md it never reads back, then a
 * request it never finishes sending. Its connection is never idle, so server.close() alone
 * would wait for it forever. Resolves once the server has answered what it could.
 */
async function stallClient(server: RunningServer, world: DashboardWorld): Promise<Socket> {
  await writeFile(join(world.root, 'projects', 'app', 'CLAUDE.md'), NOTES);
  const stuck = connect(Number(new URL(server.url).port), '127.0.0.1');
  stuck.on('error', () => {});
  stuck.pause();
  await new Promise((resolve) => stuck.once('connect', resolve));
  const read = 'GET /api/projects/app/claude-md HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n';
  stuck.write(`${read.repeat(50)}GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\n`);
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const asked = Date.now();
    await (await fetch(`${server.url}/healthz`)).arrayBuffer();
    if (Date.now() - asked < 50) return stuck;
  }
  assert.fail('the server stayed busy');
}

async function assertRefused(url: string): Promise<void> {
  await assert.rejects(fetch(`${url}/healthz`), (error: Error) => {
    assert.equal((error.cause as { code?: string } | undefined)?.code, 'ECONNREFUSED');
    return true;
  });
}

describe('POST /api/restart close path on a real server', () => {
  it('startServer() exits 75 with the close finished when a client stalls', {
    timeout: 60_000,
  }, async () => {
    await withWorld(async (world) => {
      const { server, exited, logger } = await startRestartable(world);
      const stuck = await stallClient(server, world);
      try {
        assert.equal((await postRestart(server)).status, 202);
        const answered = Date.now();
        const code = await Promise.race([
          exited,
          new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), DEADLINE_MS * 2)),
        ]);
        assert.equal(code, 75, 'exit 75 even with a stalled client');
        const took = Date.now() - answered;
        assert.ok(took < DEADLINE_MS, `the grace cut the client, not the deadline (${took} ms)`);
        assert.ok(
          !logger.lines.some((line) => /did not finish/.test(line)),
          logger.lines.join('\n'),
        );
        assert.ok(
          logger.lines.some((line) => /^info stopped/.test(line)),
          'the close finished',
        );
        await assertRefused(server.url);
        await assertLockReleased(world);
      } finally {
        stuck.destroy();
        await server.close();
      }
    });
  });

  it('startServer() restarts after the begin fallback when the 202 never goes out', {
    timeout: 60_000,
  }, async () => {
    await withWorld(async (world) => {
      const { server, exited, logger } = await startRestartable(world, 300);
      await writeFile(join(world.root, 'projects', 'app', 'CLAUDE.md'), NOTES);
      const stuck = connect(Number(new URL(server.url).port), '127.0.0.1');
      stuck.on('error', () => {});
      stuck.pause();
      await new Promise((resolve) => stuck.once('connect', resolve));
      try {
        // The restart's 202 queues behind megabytes the client never reads: no 'close' event.
        const read = 'GET /api/projects/app/claude-md HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n';
        const post = `POST /api/restart HTTP/1.1\r\nhost: 127.0.0.1\r\norigin: ${server.url}\r\ncontent-length: 0\r\n\r\n`;
        const asked = Date.now();
        stuck.write(`${read.repeat(50)}${post}`);
        const code = await Promise.race([
          exited,
          new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), DEADLINE_MS * 2)),
        ]);
        assert.equal(code, 75, logger.lines.join('\n'));
        assert.ok(Date.now() - asked < DEADLINE_MS, 'the fallback began it, then the grace cut');
        assert.ok(logger.lines.some((line) => /restart requested by/.test(line)));
        await assertRefused(server.url);
        await assertLockReleased(world);
      } finally {
        stuck.destroy();
        await server.close();
      }
    });
  });

  it('startServer() close() (SIGTERM) ends within the grace when a client stalls', {
    timeout: 60_000,
  }, async () => {
    await withWorld(async (world) => {
      const { server } = await start(world, { closeGraceMs: 200 });
      const stuck = await stallClient(server, world);
      try {
        const asked = Date.now();
        const closed = await Promise.race([
          server.close().then(() => 'closed'),
          new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), DEADLINE_MS)),
        ]);
        assert.equal(closed, 'closed');
        assert.ok(Date.now() - asked < DEADLINE_MS);
        await assertLockReleased(world);
      } finally {
        stuck.destroy();
      }
    });
  });

  it('startServer() closes the listeners and releases the lock when a service stop throws', {
    timeout: 60_000,
  }, async () => {
    await withWorld(async (world) => {
      const { server, exited, logger } = await startRestartable(world);
      const supervisor = server.context.supervisor;
      assert.ok(supervisor);
      const realClose = supervisor.close;
      supervisor.close = async () => {
        throw new Error('supervisor stuck');
      };
      try {
        assert.equal((await postRestart(server)).status, 202);
        assert.equal(await exited, 75);
        assert.ok(
          logger.lines.some((line) =>
            /^error restart: closing the dashboard failed; exiting anyway .*supervisor stuck/.test(
              line,
            ),
          ),
          logger.lines.join('\n'),
        );
        await assertRefused(server.url);
        await assertLockReleased(world);
      } finally {
        await realClose();
      }
    });
  });

  it('startServer() writes the audit entry, sends the 202, and only then begins the close', {
    timeout: 60_000,
  }, async () => {
    await withWorld(async (world) => {
      const { server, exited } = await startRestartable(world);
      const events: string[] = [];
      const audit = server.context.audit;
      server.context.audit = {
        append: async (entry) => {
          await audit.append(entry);
          events.push(`audited ${entry.action}`);
        },
      };
      const supervisor = server.context.supervisor;
      assert.ok(supervisor);
      const realClose = supervisor.close;
      supervisor.close = () => {
        events.push('close begins');
        return realClose();
      };
      for (const http of server.httpServers) {
        http.on('request', (request, response) => {
          if (request.url?.endsWith('/api/restart'))
            response.once('finish', () => events.push('202 sent'));
        });
      }
      assert.equal((await postRestart(server)).status, 202);
      assert.equal(await exited, 75);
      assert.deepEqual(events, ['audited dashboard.restart', '202 sent', 'close begins']);
    });
  });
});
