/**
 * Server process of api-overhead.bench.ts. `hello`: a bare Hono app with one route, served by
 * @hono/node-server exactly like startServer() serves clauster. `clauster`: startServer() with
 * password auth on 127.0.0.1:0, one login (cookie) and one API token (bearer), with the
 * redaction engine `clauster run` would install. Prints one `READY {json}` line, then serves
 * until SIGTERM.
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { issueToken } from '../src/auth/api-tokens.js';
import { createPasswordService } from '../src/auth/password.js';
import { configSchema } from '../src/config/schema.js';
import { createRateLimiter } from '../src/security/rate-limit.js';
import { startServer } from '../src/server.js';
import { createSilentLogger } from '../src/system/logger.js';
import { installNativeRedactor } from '../src/system/native-redactor.js';
import { createNodeDeps } from '../src/system/node.js';
import { FAKE_CLAUDE_PATH } from '../test/support/fake-claude.js';

const [mode, root] = process.argv.slice(2);
if ((mode !== 'hello' && mode !== 'clauster') || !root)
  throw new Error('usage: api-server-child hello|clauster ROOT');

// The same server options startServer() uses (slowloris limits), on 127.0.0.1 port 0.
const TIMEOUTS = { headersTimeout: 20_000, requestTimeout: 30_000, keepAliveTimeout: 5_000 };

async function startHello(): Promise<{ url: string; close(): Promise<void> }> {
  const app = new Hono();
  app.get('/hello', (c) => c.json({ hello: 'world' }));
  const server = createAdaptorServer({
    fetch: app.fetch,
    createServer,
    serverOptions: { ...TIMEOUTS, maxHeaderSize: 16 * 1024 },
  }) as Server;
  Object.assign(server, TIMEOUTS);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hello`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function startClauster(dir: string): Promise<{
  url: string;
  headers: Record<string, Record<string, string>>;
  close(): Promise<void>;
}> {
  const password = `fake-bench-password-${'FAKE'.repeat(4)}`;
  const home = join(dir, 'home');
  const stateDir = join(dir, 'state');
  const config = configSchema.parse({
    host: '127.0.0.1',
    port: 0,
    state_dir: stateDir,
    projects_root: dir,
    auth: {
      enabled: true,
      password_required: true,
      password_hash: await createPasswordService().hash(password),
    },
    claude: { binary: FAKE_CLAUDE_PATH },
    clone: { enabled: false },
  });
  const deps = createNodeDeps({ HOME: home, PATH: process.env.PATH ?? '/usr/bin:/bin' });
  installNativeRedactor(process.env); // as src/cli/main.ts does before `run`
  const server = await startServer(config, deps, { logger: createSilentLogger() });
  const services = server.context.authServices;
  if (services === undefined) throw new Error('startServer built no auth services');
  // The per-identity budget (20/s, burst 40) would turn a load test into a 429 test; the same
  // limiter code keeps running, with limits no single client reaches.
  services.requestRate = createRateLimiter({ ratePerSecond: 1e9, burst: 1e9 }, deps);
  const origin = new URL(server.url).origin;
  const login = await fetch(`${origin}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ password }),
  });
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  if (login.status !== 200 || !cookie) throw new Error(`login failed: ${login.status}`);
  const issued = await issueToken(stateDir, { label: 'bench' }, deps);
  if (!issued.ok) throw new Error(`token: ${issued.detail}`);
  return {
    url: `${origin}/api/bridges`,
    headers: { cookie: { cookie }, bearer: { authorization: `Bearer ${issued.value.token}` } },
    close: () => server.close(),
  };
}

const running = mode === 'hello' ? await startHello() : await startClauster(root);
process.stdout.write(`READY ${JSON.stringify({ ...running, close: undefined })}\n`);
process.once('SIGTERM', () => {
  void running.close().then(() => process.exit(0));
});
