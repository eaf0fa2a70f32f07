import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { hashToken, mintToken } from '../../src/auth/api-tokens.js';
import { ConfigError } from '../../src/config/problems.js';
import { type Config, configSchema } from '../../src/config/schema.js';
import { InstanceLockedError, type RunningServer, startServer } from '../../src/server.js';
import { createSilentLogger } from '../../src/system/logger.js';
import { createNodeDeps } from '../../src/system/node.js';
import { findFreePort } from '../support/free-port.js';
import { useTempDir } from '../support/temp.js';

const running: RunningServer[] = [];
afterEach(() => Promise.all(running.splice(0).map((server) => server.close()))); // before the dir goes
const home = useTempDir();

function configFor(raw: Record<string, unknown> = {}): Config {
  return configSchema.parse({ port: 0, state_dir: join(home.path, '.clauster'), ...raw });
}

function deps() {
  return createNodeDeps({ HOME: home.path, PATH: process.env.PATH ?? '' });
}

async function start(config: Config): Promise<RunningServer> {
  const server = await startServer(config, deps(), { logger: createSilentLogger() });
  running.push(server);
  return server;
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

describe('startServer()', () => {
  it('startServer() with prometheus_enabled serves /metrics to its token only', async () => {
    const token = mintToken();
    const observability = { prometheus_enabled: true, metrics_token_hash: hashToken(token) };
    const server = await start(configFor({ observability }));
    assert.ok(server.context.metrics, 'attached to the context');
    const response = await fetch(`${server.url}/metrics`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /^clauster_/m);
    const refused = await fetch(`${server.url}/metrics`);
    assert.equal(refused.status, 401);
  });

  it('startServer() serves /healthz on 127.0.0.1 with a real port and a 0700 state_dir', async () => {
    const server = await start(configFor());
    const [address] = server.addresses;
    assert.equal(address?.address, '127.0.0.1');
    assert.notEqual(address?.port, 0);
    assert.equal(server.url, `http://127.0.0.1:${address?.port}`);
    const response = await fetch(`${server.url}/healthz`);
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { status: string }).status, 'ok');
    assert.equal((await stat(join(home.path, '.clauster'))).mode & 0o777, 0o700);
    const lock = JSON.parse(await readFile(join(home.path, '.clauster', 'instance.lock'), 'utf8'));
    assert.equal(lock.pid, process.pid);
  });

  it('startServer() reports the bind URL without root_path (the proxy strips that prefix)', async () => {
    const server = await start(configFor({ root_path: '/clauster' }));
    assert.equal(server.url, `http://127.0.0.1:${server.addresses[0]?.port}`);
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    assert.equal((await fetch(`${server.url}/clauster/healthz`)).status, 404);
  });

  it('startServer() sets the slowloris timeouts and the 16 KiB header cap', async () => {
    const server = await start(configFor());
    const [http] = server.httpServers;
    assert.deepEqual(
      [http?.headersTimeout, http?.requestTimeout, http?.keepAliveTimeout],
      [20_000, 30_000, 5_000],
    );
    const big = await fetch(`${server.url}/healthz`, {
      headers: { 'x-big': 'a'.repeat(17 * 1024) },
    });
    assert.equal(big.status, 431);
  });

  it('startServer() refuses a bad config before binding or writing anything', async () => {
    const port = await findFreePort('0.0.0.0');
    const config = configFor({ host: '0.0.0.0', port });
    await assert.rejects(
      startServer(config, deps(), { logger: createSilentLogger() }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.problems[0]?.path, 'host');
        return true;
      },
    );
    await assert.rejects(stat(join(home.path, '.clauster')), /ENOENT/);
    assert.equal(await canListen(port, '0.0.0.0'), true);
  });

  it('startServer() refuses a second instance on the same state_dir, naming the pid', async () => {
    await start(configFor());
    await assert.rejects(start(configFor()), (error: unknown) => {
      assert.ok(error instanceof InstanceLockedError);
      assert.equal(error.code, 'instance-locked');
      assert.match(error.message, new RegExp(`pid ${process.pid}\\b`));
      return true;
    });
  });

  it('startServer() takes over a lock left by a dead dashboard at once', async () => {
    const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], {
      encoding: 'utf8',
    });
    const deadPid = Number(child.stdout.trim());
    await mkdir(join(home.path, '.clauster'), { recursive: true, mode: 0o700 });
    const stale = { schema_version: 1, pid: deadPid, start_ticks: 1, boot_id: 'gone' };
    await writeFile(join(home.path, '.clauster', 'instance.lock'), JSON.stringify(stale));
    const server = await start(configFor());
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });

  it('startServer() on a port in use rejects, stops its services and releases the lock', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const port = (busy.address() as { port: number }).port;
      await assert.rejects(start(configFor({ port })), /EADDRINUSE/);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
    await assert.rejects(stat(join(home.path, '.clauster', 'instance.lock')), /ENOENT/);
    const second = await start(configFor());
    assert.equal((await fetch(`${second.url}/healthz`)).status, 200);
  });

  it('close() stops listening, releases the lock, and a restart works', async () => {
    const first = await startServer(configFor(), deps(), { logger: createSilentLogger() });
    const port = first.addresses[0]?.port ?? 0;
    await first.close();
    await assert.rejects(stat(join(home.path, '.clauster', 'instance.lock')), /ENOENT/);
    assert.equal(await canListen(port, '127.0.0.1'), true);
    const second = await start(configFor());
    assert.equal((await fetch(`${second.url}/healthz`)).status, 200);
  });
});
