// A dashboard that closes the connection after reading the request (it is shutting down) is
// not "not reachable": the CLI says the request may have been applied and to check status,
// exits 1, and --json names dashboard-connection-closed. A refused connection stays
// dashboard-unreachable.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  answerWaitMs,
  callDashboard,
  resolveDashboardTarget,
} from '../../src/cli/dashboard-client.js';
import { DashboardNoAnswerError, isCutAfterSending } from '../../src/cli/dashboard-cut.js';
import { main } from '../../src/cli/main.js';
import type { Fetch } from '../../src/system/ports.js';
import { createTestIo } from '../support/cli-io.js';
import { useTempDir } from '../support/temp.js';

const home = useTempDir();
const BRIDGE = {
  id: 'br-0123456789abcdef',
  project: 'app',
  status: 'running',
  started_at: '2024-01-01T00:00:00.000Z',
};

/** Answers GET /api/bridges with one live bridge unless `cutList`; cuts every other request. */
async function startCuttingServer(options: { cutList?: boolean } = {}): Promise<string> {
  const server: Server = createServer((req: IncomingMessage, res) => {
    const list = req.method === 'GET' && req.url === '/api/bridges' && options.cutList !== true;
    req.resume();
    req.on('end', () => {
      if (!list) return req.socket.destroy();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ bridges: [BRIDGE] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function run(argv: string[], deps: { fetch?: Fetch } = {}) {
  const t = createTestIo({ home: home.path, deps });
  const code = await main(argv, t.io);
  return { code, stdout: t.stdout(), stderr: t.stderr() };
}

describe('a dashboard that closes the connection before answering', () => {
  it('clauster stop says the stop may have been applied, not that the dashboard is unreachable', async () => {
    const url = await startCuttingServer();
    const result = await run(['stop', 'app', '--url', url]);
    assert.equal(result.code, 1);
    assert.doesNotMatch(result.stderr, /not reachable/);
    assert.equal(
      result.stderr,
      `clauster stop: the dashboard at ${url} closed the connection before answering (it may be shutting down or restarting); the request may have been applied: check with \`clauster status\` before repeating it\n`,
    );
  });

  it('clauster stop --json prints the dashboard-connection-closed error code', async () => {
    const url = await startCuttingServer();
    const result = await run(['stop', 'app', '--url', url, '--json']);
    assert.equal(result.code, 1);
    const body = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'dashboard-connection-closed');
    assert.match(body.error.message, /may have been applied/);
  });

  it('a cut GET says nothing was changed', async () => {
    const url = await startCuttingServer({ cutList: true });
    const result = await run(['stop', 'app', '--url', url, '--json']);
    assert.equal(result.code, 1);
    const body = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'dashboard-connection-closed');
    assert.match(body.error.message, /nothing was changed; try again$/);
  });

  it('a refused connection is still dashboard-unreachable', async () => {
    const refused: Fetch = async () => {
      const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
        code: 'ECONNREFUSED',
      });
      throw new TypeError('fetch failed', { cause });
    };
    const result = await run(['stop', 'app', '--url', 'http://127.0.0.1:1', '--json'], {
      fetch: refused,
    });
    assert.equal(result.code, 1);
    const body = JSON.parse(result.stdout) as { error: { code: string } };
    assert.equal(body.error.code, 'dashboard-unreachable');
  });
});

describe('isCutAfterSending()', () => {
  const failed = (code: string) =>
    new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });

  it('isCutAfterSending() is true for a socket closed or reset after connecting', () => {
    for (const code of ['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE'])
      assert.equal(isCutAfterSending(failed(code)), true, code);
  });

  it('isCutAfterSending() is false when nothing was sent', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT'])
      assert.equal(isCutAfterSending(failed(code)), false, code);
    assert.equal(isCutAfterSending(new TypeError('fetch failed')), false);
    assert.equal(isCutAfterSending('not an error'), false);
  });
});

/** Reads each request and never answers (a stop still waiting out a long grace). */
async function startSilentServer(): Promise<string> {
  const server: Server = createServer((req) => req.resume());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('a dashboard that does not answer within the wait', () => {
  it('callDashboard() says a POST may still be carried out, a GET changed nothing', async () => {
    const url = await startSilentServer();
    const { io } = createTestIo({ home: home.path });
    const target = { url, token: null, answerWithinMs: 300 };
    const post = callDashboard(target, { method: 'POST', path: '/api/bridges/br-x/stop' }, io);
    await assert.rejects(post, (error: unknown) => {
      assert.ok(error instanceof DashboardNoAnswerError);
      assert.equal(error.code, 'dashboard-no-answer');
      assert.doesNotMatch(error.message, /not reachable/);
      assert.match(
        error.message,
        /did not answer within 1 s; the request may still be carried out/,
      );
      return true;
    });
    const get = callDashboard(target, { method: 'GET', path: '/api/bridges' }, io);
    await assert.rejects(get, /nothing was changed; try again$/);
  });

  it('the wait covers a stop grace longer than the default 60 s', async () => {
    assert.equal(answerWaitMs(10), 60_000);
    assert.equal(answerWaitMs(70), 100_000);
    assert.equal(answerWaitMs(40.123), 70_123, 'whole milliseconds for a fractional grace');
    const configPath = join(home.path, 'grace.yml');
    await writeFile(configPath, 'claude:\n  stop_grace_seconds: 70\n');
    const { io } = createTestIo({ home: home.path });
    const values = { url: 'http://127.0.0.1:7621', config: configPath };
    const target = await resolveDashboardTarget('stop', values, io);
    assert.equal(typeof target === 'number' ? target : target.answerWithinMs, 100_000);
  });
});
