/**
 * Builds an app with real auth services over a temp state_dir, a settable clock and a
 * capturing logger, for the auth/security route tests. Fake credentials only: passwords
 * and secrets here are obviously fake values built at runtime.
 */
import argon2 from 'argon2';
import type { Hono } from 'hono';
import { type Config, configSchema } from '../../src/config/schema.js';
import { createEventBus } from '../../src/events/bus.js';
import { createApp } from '../../src/http/app.js';
import type { AppContext } from '../../src/http/context.js';
import { createAuditLog } from '../../src/state/audit.js';
import { createNodeDeps } from '../../src/system/node.js';
import type { Logger } from '../../src/system/ports.js';

/** A fake password (never a real one). */
export const FAKE_PASSWORD = `fake-${'PASSWORD'.toLowerCase()}-for-tests-only`;

let cachedHash: string | undefined;
/** An argon2id hash of FAKE_PASSWORD at the OWASP floor (cheap enough for tests). */
export async function fakePasswordHash(): Promise<string> {
  cachedHash ??= await argon2.hash(FAKE_PASSWORD, {
    type: argon2.argon2id,
    memoryCost: 19_456,
    timeCost: 2,
    parallelism: 1,
  });
  return cachedHash;
}

export interface TestClock {
  now(): number;
  set(ms: number): void;
  advance(ms: number): void;
}

/** A clock starting at the real time that only moves when told. */
export function createTestClock(start = Date.now()): TestClock {
  let t = start;
  return { now: () => t, set: (ms) => (t = ms), advance: (ms) => (t += ms) };
}

export interface CapturedLogger extends Logger {
  lines: string[];
}

/** A logger that keeps every line (message + JSON fields) for "never echoes" assertions. */
export function createCapturingLogger(): CapturedLogger {
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(
      `${level} ${message} ${JSON.stringify(fields ?? {}, (_k, v) => (v instanceof Error ? v.message : v))}`,
    );
  };
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

export interface AuthAppOptions {
  stateDir: string;
  /** Raw config overrides (merged over defaults, then validated by the schema). */
  config?: Record<string, unknown>;
  clock?: TestClock;
  logger?: CapturedLogger;
}

export interface AuthApp {
  app: Hono;
  ctx: AppContext;
  clock: TestClock;
  logger: CapturedLogger;
}

/** Parses a config exactly like the loader's schema step (defaults applied). */
export function parseTestConfig(stateDir: string, raw: Record<string, unknown> = {}): Config {
  return configSchema.parse({ state_dir: stateDir, ...raw });
}

/** Creates the app with real auth services (lazily built on the first request). */
export function createAuthApp(options: AuthAppOptions): AuthApp {
  const clock = options.clock ?? createTestClock();
  const logger = options.logger ?? createCapturingLogger();
  const deps = { ...createNodeDeps({ HOME: options.stateDir }), clock };
  const config = parseTestConfig(options.stateDir, options.config);
  const ctx: AppContext = {
    config,
    deps,
    bus: createEventBus(),
    audit: createAuditLog(options.stateDir, deps),
    logger,
    stateDir: options.stateDir,
    version: '0.0.0-test',
  };
  return { app: createApp(ctx), ctx, clock, logger };
}

/** The `auth` block of a dashboard with password login for FAKE_PASSWORD, plus `extra` keys. */
export async function passwordAuthConfig(
  extra: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  return {
    enabled: true,
    password_required: true,
    password_hash: await fakePasswordHash(),
    ...extra,
  };
}

/** createAuthApp() with the probe routes (addProbeRoutes) added. */
export function createProbeApp(options: AuthAppOptions): AuthApp & { handlerRuns(): number } {
  const built = createAuthApp(options);
  return { ...built, ...addProbeRoutes(built.app) };
}

/** createProbeApp() with password auth on (`auth` adds keys to the auth block). */
export async function createPasswordApp(
  options: AuthAppOptions & { auth?: Record<string, unknown> },
): Promise<AuthApp & { handlerRuns(): number }> {
  const auth = await passwordAuthConfig(options.auth);
  return createProbeApp({ ...options, config: { ...options.config, auth } });
}

/** Builds `{incoming: {socket}}` so getConnInfo() sees a peer in app.request(). */
export function peerEnv(address: string, localPort = 7621): Record<string, unknown> {
  return {
    incoming: {
      socket: {
        remoteAddress: address,
        remotePort: 50_000,
        remoteFamily: address.includes(':') ? 'IPv6' : 'IPv4',
        localPort,
      },
    },
  };
}

/** The `name=value` pair of the first Set-Cookie header, or null. */
export function readSetCookie(
  response: Response,
): { name: string; value: string; raw: string } | null {
  const raw = response.headers.getSetCookie()[0];
  if (raw === undefined) return null;
  const pair = raw.split(';')[0] ?? '';
  const eq = pair.indexOf('=');
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1), raw };
}

/** Test-only routes: who am I, echo a JSON body, and two kinds of redirect. */
export function addProbeRoutes(app: Hono): { handlerRuns: () => number } {
  let runs = 0;
  app.get('/api/whoami', (c) => c.json({ identity: c.get('identity') }));
  app.post('/api/echo', async (c) => {
    runs += 1;
    const text = await c.req.text();
    return c.json({ length: text.length });
  });
  app.get('/probe/redirect', (c) => c.redirect('/'));
  app.get('/probe/raw-redirect', () => Response.redirect('http://localhost/', 302));
  app.get('/metrics', (c) => c.text('metrics 1\n'));
  return { handlerRuns: () => runs };
}

/** Logs in with FAKE_PASSWORD and returns the `Cookie` header value for later requests. */
export async function loginCookie(
  app: Hono,
  init: { origin?: string; env?: Record<string, unknown>; url?: string } = {},
): Promise<string> {
  const response = await app.request(
    init.url ?? '/login',
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: init.origin ?? 'http://localhost:7621',
      },
      body: JSON.stringify({ password: FAKE_PASSWORD }),
    },
    init.env,
  );
  const cookie = readSetCookie(response);
  if (response.status !== 200 || cookie === null)
    throw new Error(`login failed: ${response.status}`);
  return `${cookie.name}=${cookie.value}`;
}

/** JSON read loosely for assertions: every property is again Loose (tests only). */
export type Loose = { readonly [key: string]: Loose };

/** Parses a response body as JSON for assertions. */
export async function readJson(response: Response): Promise<Loose> {
  return (await response.json()) as Loose;
}
