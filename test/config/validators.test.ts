import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Config, configSchema } from '../../src/config/schema.js';
import { validateConfig } from '../../src/config/validators.js';
import { createNodeDeps } from '../../src/system/node.js';
import type { Lookup } from '../../src/system/ports.js';
import { makeTempDir } from '../support/temp.js';

const STRONG = `$argon2id$v=19$m=65536,t=3,p=1$${'A'.repeat(22)}$${'B'.repeat(43)}`;
const FLOOR_T1 = `$argon2id$v=19$m=47104,t=1,p=1$${'A'.repeat(22)}$${'B'.repeat(43)}`;
const WEAK = `$argon2id$v=19$m=19455,t=2,p=1$${'A'.repeat(22)}$${'B'.repeat(43)}`;
const ARGON2I = `$argon2i$v=19$m=65536,t=3,p=1$${'A'.repeat(22)}$${'B'.repeat(43)}`;
const BCRYPT = `$2b$12$${'C'.repeat(53)}`;
const SECRET_32 = 'x'.repeat(32);
const PASSWORD_AUTH = { enabled: true, password_required: true, password_hash: STRONG };
const NET = { host: '0.0.0.0', auth: PASSWORD_AUTH };
const OPTED_OUT = { host: '0.0.0.0', auth: { allow_unauthenticated_network: true } };
const proxy = (patch: Record<string, unknown>) => ({
  auth: {
    enabled: true,
    reverse_proxy: { enabled: true, trusted_ips: ['10.0.0.1'], shared_secret: SECRET_32, ...patch },
  },
});

let dir = '';
let cleanup: () => Promise<void> = async () => {};
before(async () => {
  const temp = await makeTempDir();
  dir = temp.path;
  cleanup = temp.cleanup;
  await writeFile(join(dir, 'short.secret'), 'too-short\n');
  await writeFile(join(dir, 'good.secret'), `${'s'.repeat(32)}\n\n`);
});
after(() => cleanup());

const lookup: Lookup = async () => [{ address: '127.0.0.1', family: 4 }];

async function check(raw: Record<string, unknown>): Promise<string[]> {
  const config: Config = configSchema.parse(raw);
  const deps = { ...createNodeDeps({ HOME: dir }), lookup };
  const { problems } = await validateConfig(config, deps);
  return problems.map((p) => p.path);
}

type Case = [label: string, raw: () => Record<string, unknown>, refusedPaths: string[]];

const CASES: Case[] = [
  ['defaults (loopback, no auth)', () => ({}), []],
  ['network bind without auth', () => ({ host: '0.0.0.0' }), ['host']],
  ['network bind with password auth', () => NET, []],
  [
    'network bind with api token',
    () => ({ host: '::', auth: { enabled: true, api_token_hash: 'a'.repeat(64) } }),
    [],
  ],
  ['network bind with the opt-out', () => OPTED_OUT, []],
  [
    'network bind with auth enabled but no credential',
    () => ({ host: '0.0.0.0', auth: { enabled: true } }),
    ['host'],
  ],
  [
    'password_required without auth.enabled on network',
    () => ({
      host: '0.0.0.0',
      auth: {
        password_required: true,
        password_hash: STRONG,
        api_token_hash: null,
        allow_unauthenticated_network: true,
      },
    }),
    ['auth.enabled'],
  ],
  [
    'password_required without auth.enabled on loopback',
    () => ({ auth: { password_required: true, password_hash: STRONG } }),
    [],
  ],
  [
    'password_required without hash',
    () => ({ auth: { enabled: true, password_required: true } }),
    ['auth.password_hash'],
  ],
  ['hash below the floor', () => ({ auth: { password_hash: WEAK } }), ['auth.password_hash']],
  ['hash at the t=1 floor', () => ({ auth: { password_hash: FLOOR_T1 } }), []],
  ['argon2i hash', () => ({ auth: { password_hash: ARGON2I } }), ['auth.password_hash']],
  ['bcrypt hash', () => ({ auth: { password_hash: BCRYPT } }), ['auth.password_hash']],
  ['reverse proxy, complete', () => proxy({}), []],
  [
    'reverse proxy without a secret',
    () => proxy({ shared_secret: null }),
    ['auth.reverse_proxy.shared_secret'],
  ],
  [
    'reverse proxy with a 31-byte secret',
    () => proxy({ shared_secret: 'x'.repeat(31) }),
    ['auth.reverse_proxy.shared_secret'],
  ],
  [
    'forward-auth mode without a secret',
    () => proxy({ shared_secret: null, require_hmac: false }),
    [],
  ],
  [
    'cookie_secure never on a network bind',
    () => ({ ...NET, auth: { ...PASSWORD_AUTH, cookie_secure: 'never' } }),
    ['auth.cookie_secure'],
  ],
  ['cookie_secure never on loopback', () => ({ auth: { cookie_secure: 'never' } }), []],
  [
    'bypass with allow flag on loopback',
    () => ({
      projects: { app: { permission_mode: 'bypassPermissions', allow_bypass_permissions: true } },
    }),
    [],
  ],
  [
    'bypass without allow flag',
    () => ({ projects: { app: { permission_mode: 'bypassPermissions' } } }),
    ['projects.app.permission_mode'],
  ],
  [
    'bypass while reachable without auth',
    () => ({
      ...OPTED_OUT,
      projects: { app: { permission_mode: 'bypassPermissions', allow_bypass_permissions: true } },
    }),
    ['projects.app.permission_mode'],
  ],
  [
    'bypass on loopback opted out behind a proxy (open to everyone the proxy serves)',
    () => ({
      auth: { allow_unauthenticated_network: true, reverse_proxy: { trusted_ips: ['127.0.0.1'] } },
      projects: { app: { permission_mode: 'bypassPermissions', allow_bypass_permissions: true } },
    }),
    ['projects.app.permission_mode'],
  ],
  [
    'bypass on loopback with the opt-out and no sign of a proxy (relayed requests pass)',
    () => ({
      auth: { allow_unauthenticated_network: true },
      projects: { app: { permission_mode: 'bypassPermissions', allow_bypass_permissions: true } },
    }),
    ['projects.app.permission_mode'],
  ],
  [
    'bypass on loopback with auth off and no opt-out (relayed requests are refused)',
    () => ({
      projects: { app: { permission_mode: 'bypassPermissions', allow_bypass_permissions: true } },
    }),
    [],
  ],
  [
    'bypass behind password auth',
    () => ({
      ...NET,
      projects: { app: { permission_mode: 'bypassPermissions', allow_bypass_permissions: true } },
    }),
    [],
  ],
  [
    'inherit as the instance default and for a project (no --permission-mode flag)',
    () => ({
      host: '0.0.0.0',
      auth: { allow_unauthenticated_network: true },
      instance_defaults: { permission_mode: 'inherit' },
      projects: { app: { permission_mode: 'inherit' } },
    }),
    [],
  ],
  ['tls.provision self-signed', () => ({ tls: { provision: 'self-signed' } }), ['tls.provision']],
  [
    'tls.cert_file without tls.key_file',
    () => ({ tls: { cert_file: join(dir, 'good.secret') } }),
    ['tls.key_file'],
  ],
  [
    'bypass as the instance default',
    () => ({ instance_defaults: { permission_mode: 'bypassPermissions' } }),
    ['instance_defaults.permission_mode'],
  ],
  [
    'proxy trusted_ips that trust everything only together (check-config refuses what run would)',
    () => proxy({ trusted_ips: ['0.0.0.0/1', '128.0.0.0/1'] }),
    ['auth.reverse_proxy.trusted_ips'],
  ],
  [
    'proxy trusted_ips ::ffff:0:0/96 (every IPv4 address, as run reads it)',
    () => proxy({ trusted_ips: ['::ffff:0:0/96'] }),
    ['auth.reverse_proxy.trusted_ips[0]'],
  ],
  [
    'session secret file under 32 bytes',
    () => ({ auth: { session_secret_file: join(dir, 'short.secret') } }),
    ['auth.session_secret_file'],
  ],
  [
    'session secret file missing',
    () => ({ auth: { session_secret_file: join(dir, 'absent.secret') } }),
    ['auth.session_secret_file'],
  ],
  [
    'session secret file of 32 bytes plus newlines',
    () => ({ auth: { session_secret_file: join(dir, 'good.secret') } }),
    [],
  ],
  // Auth off behind a same-host proxy would open the dashboard to everyone the proxy serves.
  [
    'loopback, auth off, a remote allowed origin',
    () => ({ auth: { allowed_origins: ['https://clauster.example.com'] } }),
    ['auth.enabled'],
  ],
  [
    'loopback, auth off, proxy trusted_ips',
    () => ({ auth: { reverse_proxy: { trusted_ips: ['127.0.0.1'] } } }),
    ['auth.enabled'],
  ],
  [
    'loopback, auth off, loopback allowed origins only',
    () => ({
      auth: { allowed_origins: ['http://localhost:8080', 'http://[::1]:9', 'http://127.0.0.2'] },
    }),
    [],
  ],
  [
    'loopback, auth off behind a proxy with the explicit opt-out',
    () => ({
      auth: {
        allow_unauthenticated_network: true,
        allowed_origins: ['https://clauster.example.com'],
        reverse_proxy: { trusted_ips: ['127.0.0.1'] },
      },
    }),
    [],
  ],
  [
    'loopback, password auth, a remote allowed origin',
    () => ({ auth: { ...PASSWORD_AUTH, allowed_origins: ['https://clauster.example.com'] } }),
    [],
  ],
];

describe('validateConfig() and the session secret from the environment', () => {
  // The same source order and measure as resolveSessionSecret(), so check-config refuses
  // what run would (the sealer's own tests are in test/auth/sessions.test.ts).
  async function checkWith(env: Record<string, string>, raw: Record<string, unknown> = {}) {
    const config: Config = configSchema.parse(raw);
    const deps = { ...createNodeDeps({ HOME: dir, ...env }), lookup };
    const { problems } = await validateConfig(config, deps);
    return problems;
  }
  it('refuses a short CLAUSTER_SESSION_SECRET, naming it and only its size', async () => {
    const problems = await checkWith({ CLAUSTER_SESSION_SECRET: 'short-fake' });
    assert.deepEqual(
      problems.map((p) => p.path),
      ['CLAUSTER_SESSION_SECRET'],
    );
    assert.equal(problems[0]?.found, 'one of 10 bytes');
  });
  it('refuses a short or missing CLAUSTER_SESSION_SECRET_FILE (it wins over the value)', async () => {
    const long = 'V'.repeat(40);
    const short = join(dir, 'short.secret');
    const absent = join(dir, 'absent.secret');
    for (const file of [short, absent]) {
      const problems = await checkWith({
        CLAUSTER_SESSION_SECRET_FILE: file,
        CLAUSTER_SESSION_SECRET: long,
      });
      assert.deepEqual(
        problems.map((p) => p.path),
        ['CLAUSTER_SESSION_SECRET_FILE'],
        file,
      );
    }
  });
  it('refuses a short generated state_dir/session.secret once auth or webhooks use it', async () => {
    const state = join(dir, 'state-short-secret');
    await mkdir(state, { recursive: true });
    await writeFile(join(state, 'session.secret'), 'cut-short\n');
    const auth = { ...PASSWORD_AUTH };
    const refused = await checkWith({}, { state_dir: state, auth });
    assert.deepEqual(
      refused.map((p) => [p.path, p.found]),
      [['state_dir', `one of 9 bytes in ${join(state, 'session.secret')}`]],
    );
    assert.deepEqual(await checkWith({}, { state_dir: state }), [], 'auth and webhooks off');
    assert.deepEqual(await checkWith({}, { state_dir: join(dir, 'fresh-state'), auth }), []);
  });
  it('refuses a dangling link at state_dir/session.secret, which run cannot replace', async () => {
    const state = join(dir, 'state-dangling-secret');
    await mkdir(state, { recursive: true });
    const path = join(state, 'session.secret');
    await symlink(join(state, 'unmounted', 'secret'), path);
    const refused = await checkWith({}, { state_dir: state, auth: { ...PASSWORD_AUTH } });
    assert.deepEqual(
      refused.map((p) => [p.path, p.found]),
      [['state_dir', `a symbolic link to a missing file at ${path}`]],
    );
  });
  it('accepts a long value, and ignores the env when auth.session_secret_file is set', async () => {
    assert.deepEqual(await checkWith({ CLAUSTER_SESSION_SECRET: 'V'.repeat(32) }), []);
    const good = { auth: { session_secret_file: join(dir, 'good.secret') } };
    assert.deepEqual(await checkWith({ CLAUSTER_SESSION_SECRET: 'short' }, good), []);
  });
});

describe('validateConfig()', () => {
  for (const [label, raw, refused] of CASES) {
    const verb = refused.length === 0 ? 'accepts' : `refuses ${refused.join(', ')} for`;
    it(`validateConfig() ${verb} ${label}`, async () => {
      assert.deepEqual(await check(raw()), refused);
    });
  }

  it('validateConfig() names what signals a proxy when auth is off', async () => {
    const config = configSchema.parse({
      auth: {
        allowed_origins: ['https://clauster.example.com'],
        reverse_proxy: { trusted_ips: ['127.0.0.1'] },
      },
    });
    const { problems } = await validateConfig(config, { ...createNodeDeps({ HOME: dir }), lookup });
    assert.equal(problems.length, 1);
    assert.match(
      problems[0]?.found ?? '',
      /trusted_ips set and auth\.allowed_origins has "https:\/\/clauster\.example\.com"/,
    );
    assert.match(problems[0]?.expected ?? '', /allow_unauthenticated_network: true/);
  });

  it('validateConfig() warns loudly about the unauthenticated opt-out', async () => {
    const config = configSchema.parse(OPTED_OUT);
    const result = await validateConfig(config, { ...createNodeDeps({ HOME: dir }), lookup });
    assert.match(result.warnings.join('\n'), /WITHOUT authentication/);
  });

  it('validateConfig() warns loudly about the opt-out on loopback behind a proxy', async () => {
    const deps = { ...createNodeDeps({ HOME: dir }), lookup };
    const behind = configSchema.parse({
      auth: { allow_unauthenticated_network: true, reverse_proxy: { trusted_ips: ['127.0.0.1'] } },
    });
    const result = await validateConfig(behind, deps);
    assert.deepEqual(result.problems, []);
    assert.equal(result.openToOthers, true, 'bypass starts are refused (server.ts bypassAllowed)');
    assert.match(
      result.warnings.join('\n'),
      /trusted_ips set: the dashboard is reachable through the proxy WITHOUT authentication/,
    );
    const plain = configSchema.parse({ auth: { allow_unauthenticated_network: true } });
    const alone = await validateConfig(plain, deps);
    assert.doesNotMatch(alone.warnings.join('\n'), /WITHOUT/);
    assert.equal(alone.openToOthers, true, 'the opt-out lets relayed requests in: no bypass');
  });

  it('validateConfig() warns when /metrics is enabled without its scrape token hash', async () => {
    const deps = { ...createNodeDeps({ HOME: dir }), lookup };
    const on = configSchema.parse({ observability: { prometheus_enabled: true } });
    const result = await validateConfig(on, deps);
    assert.deepEqual(result.problems, []);
    assert.match(
      result.warnings.join('\n'),
      /metrics_token_hash is not set: \/metrics answers 404/,
    );
    const hashed = configSchema.parse({
      observability: { prometheus_enabled: true, metrics_token_hash: 'a'.repeat(64) },
    });
    assert.equal((await validateConfig(hashed, deps)).warnings.length, 0);
  });

  it('validateConfig() never puts a hash or secret into a problem', async () => {
    const secret = `FAKE${'z'.repeat(20)}`;
    const config = configSchema.parse({
      auth: { password_hash: WEAK, reverse_proxy: { enabled: true, shared_secret: secret } },
    });
    const { problems } = await validateConfig(config, { ...createNodeDeps({ HOME: dir }), lookup });
    const text = JSON.stringify(problems);
    assert.ok(problems.length >= 2);
    assert.equal(text.includes(secret), false);
    assert.equal(text.includes('A'.repeat(22)), false);
  });
});
